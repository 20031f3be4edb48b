"""The reports page (报表, F6): daily and period PDFs with preview, save and print.
"""
