"""Primary keys: text UUIDs, so databases from several laptops merge without clashes."""

import uuid


def new_id() -> str:
    return str(uuid.uuid4())
