"""The registration desk (登记, F1): search, the new-villager form's entry point, choosing
stalls and issuing tickets, the printed slip.
"""
