"""Issue 15, items 1-4 replayed on many random cases (``tests/helpers/stress_careful_cli.py``):
kill -9 during import, restore and merge; random byte flips in the schema; a foreign -wal
beside a sound file; a restore racing an import. About 35 s; run by CI (``.ci/run``)."""

import pytest


@pytest.mark.slow
def test_the_command_line_keeps_the_data_through_kills_damage_and_races(tmp_path, capsys):
    from stress_careful_cli import run

    report = run(20, tmp_path, seed=15)
    with capsys.disabled():
        print("\n" + "\n".join(report.lines()))
    assert report.failures == []
    assert all(t.tried == 20 and t.safe == 20 for t in report.kinds.values())
    assert report.kinds["random byte flips in the schema"].notes.get("damage refused", 0) >= 5
    assert report.kinds["restore during import"].notes.get("restore waited", 0) >= 1
