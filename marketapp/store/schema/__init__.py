"""Schema steps, one module each, applied in the order store.migrations lists."""
