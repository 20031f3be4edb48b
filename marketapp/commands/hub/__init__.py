"""The market square's commands: `marketapp serve` (the hub without a window) and
`marketapp devices` (pairing stall phones and displays)."""
