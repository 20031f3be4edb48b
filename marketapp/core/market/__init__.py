"""Market days (集市日): opening one in a host village with its stalls, finding and listing
them.
"""
