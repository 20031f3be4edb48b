"""What every screen shares: the app's colours and style snippets (style), labels, a scroll
area that fits its content, the PDF preview, and the table models' common base.
"""
