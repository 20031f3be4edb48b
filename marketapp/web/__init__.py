"""The market square's hub: stall phones, the rating pad and any-screen displays over the
market's own Wi-Fi (the contract: ``API.md`` beside this file).

A third front end over the same core as the desktop and the command line, never a second
rule book: handlers check who asks (the device's pairing) and hand the request to core on the
hub's one writer thread (``hub``). No Qt here; the desktop starts the same server in a
thread of the app, ``marketapp serve`` without a window (``server``).
"""
