"""Stall devices (摊位设备): phones, tablets and screens that work one stall (or show the
public display) of one market day through the laptop's hub (``marketapp.web``).

* ``pairing``: one-time pairing codes, devices and their cookie tokens, revoking, and the
  end of every pairing when its day closes;
* ``pairing_pin``: the optional stall PIN (sign-in on): who pairs a stall's phone;
* ``command_log``: a device's commands done once, whatever the retries;
* ``stall_commands``: what a stall device may do, through the same core functions as the
  desktop (the phone is another front end, never a second rule book);
* ``naming``: a device's name from its browser.
"""
