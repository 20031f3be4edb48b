import gc

import pytest

from marketapp.core.roster import gc_pause as cycle_collection


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_turns_the_collector_off_and_back_to_how_it_was(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError), cycle_collection.paused():
            assert not gc.isenabled()
            raise RuntimeError("a failed import")
        assert gc.isenabled() == enabled
    finally:
        gc.enable()
