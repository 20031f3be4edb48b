"""Small widgets and helpers every screen shares: labels, a scroll area that fits its content,
the PDF preview, and the table models' common base.
"""
