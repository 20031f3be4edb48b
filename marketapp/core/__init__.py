"""Qt-free domain: villagers, ID and phone rules, roster import, market days, queues."""
