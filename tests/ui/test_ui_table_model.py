"""ui.widgets.table_model: rows, one column per header, a reset when new rows come."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from marketapp.ui.widgets.table_model import TableModel


class Pairs(TableModel[tuple[str, int]]):
    def headers(self) -> tuple[str, ...]:
        return ("Name", "Age")


def test_a_model_counts_its_rows_and_names_its_columns(qapp, qtbot):
    model = Pairs()
    assert (model.rowCount(), model.columnCount()) == (0, 2)
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(iter([("王秀英", 71), ("李建国", 66)]))
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no row has children
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert model.headerData(1, horizontal) == "Age"
    assert model.headerData(1, vertical) is None
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.columnCount(QModelIndex()) == 2
