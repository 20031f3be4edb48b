"""The stall desk (摊位, F3): call next, the villager's card, the outcome form, requests.
"""
