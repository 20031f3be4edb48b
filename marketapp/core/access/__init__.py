"""Who may do what: operators with roles and PINs (sign-in), and the sensitive-action log.
"""
