"""The stage editor of a pipeline: add, rename, reorder by dragging, default probability and
idle days, delete a stage after choosing where its deals go; add, rename, delete pipelines.

Every edit is its own undoable operation, applied when the field is left; the dialog re-reads
the stages after each one. Stages are referenced by id everywhere, so renames and reorders
never disturb the history of the deals.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import board, pipelines
from funneldesk.core.board import StageInfo
from funneldesk.core.changes import ChangeSet
from funneldesk.core.pipelines import list_pipelines
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import stage_colour
from funneldesk.ui.widgets.muted_label import muted_label

STAGE_ID_ROLE = Qt.ItemDataRole.UserRole


class StageList(QListWidget):
    """Stages in order; dragging one reports the new order instead of keeping it itself."""

    def __init__(
        self, on_reorder: Callable[[list[int]], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._on_reorder = on_reorder
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setIconSize(QSize(12, 12))
        self.setSpacing(2)

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        super().dropEvent(event)
        order = [self.item(i).data(STAGE_ID_ROLE) for i in range(self.count())]
        QTimer.singleShot(0, lambda: self._on_reorder(order))


class StageEditor(QDialog):
    def __init__(
        self, context: AppContext, pipeline_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pipeline_id = pipeline_id
        self.stages: list[StageInfo] = []
        self.setWindowTitle(self.tr("Pipelines and stages"))
        self.resize(620, 460)

        self.pipeline = QComboBox()
        self.pipeline.currentIndexChanged.connect(self._pipeline_picked)
        add_pipeline = self._button(self.tr("New pipeline…"), "plus", self._add_pipeline)
        rename_pipeline = self._button(self.tr("Rename…"), "pencil-outline", self._rename_pipeline)
        delete_pipeline = self._button(
            self.tr("Delete"), "trash-can-outline", self._delete_pipeline
        )
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Pipeline")))
        top.addWidget(self.pipeline, 1)
        top.addWidget(add_pipeline)
        top.addWidget(rename_pipeline)
        top.addWidget(delete_pipeline)

        self.list = StageList(self._reorder)
        self.list.currentRowChanged.connect(self._show_stage)
        hint = muted_label(self.tr("Drag stages to change their order."))
        add_stage = self._button(self.tr("Add stage"), "plus", self._add_stage)
        self.delete_stage = self._button(
            self.tr("Delete stage…"), "trash-can-outline", self._delete_stage
        )
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(hint)
        stage_buttons = QHBoxLayout()
        stage_buttons.addWidget(add_stage)
        stage_buttons.addWidget(self.delete_stage)
        left.addLayout(stage_buttons)

        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.name.editingFinished.connect(self._save_name)
        self.probability = QSpinBox()
        self.probability.setRange(0, 100)
        self.probability.setSuffix(" %")
        self.probability.editingFinished.connect(
            lambda: self._save({"probability": self.probability.value()})
        )
        self.rot_days = QSpinBox()
        self.rot_days.setRange(0, 3650)
        self.rot_days.setSpecialValueText(self.tr("Never"))
        self.rot_days.setSuffix(self.tr(" days"))
        self.rot_days.editingFinished.connect(
            lambda: self._save({"rot_days": self.rot_days.value() or None})
        )
        self.deal_count = muted_label()
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Win probability"), self.probability)
        form.addRow(self.tr("Idle after"), self.rot_days)
        form.addRow("", self.deal_count)
        self.form_box = QWidget()
        self.form_box.setLayout(form)

        middle = QHBoxLayout()
        middle.addLayout(left, 1)
        middle.addWidget(self.form_box, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)

        context.changed.connect(self._changed)
        self._load_pipelines()

    def _button(self, text: str, icon_name: str, slot) -> QPushButton:  # noqa: ANN001
        button = QPushButton(icon(icon_name), text)
        button.clicked.connect(slot)
        return button

    # -- loading -------------------------------------------------------------------------
    def _changed(self, changes: ChangeSet) -> None:
        if changes.tables() & {"stages", "pipelines", "deals"}:
            self._load_pipelines()

    def _load_pipelines(self) -> None:
        found = list_pipelines(self.context.db)
        if self.pipeline_id not in {p.id for p in found} and found:
            self.pipeline_id = found[0].id
        self.pipeline.blockSignals(True)
        self.pipeline.clear()
        for item in found:
            self.pipeline.addItem(item.name, item.id)
        self.pipeline.setCurrentIndex(max(self.pipeline.findData(self.pipeline_id), 0))
        self.pipeline.blockSignals(False)
        self._load_stages()

    def _pipeline_picked(self) -> None:
        self.pipeline_id = self.pipeline.currentData()
        self._load_stages()

    def _load_stages(self) -> None:
        keep = self._current_stage_id()
        self.stages = board.open_stages(self.context.db, self.pipeline_id)
        self.list.blockSignals(True)
        self.list.clear()
        for index, stage in enumerate(self.stages):
            item = QListWidgetItem(
                icon("circle", stage_colour(index, len(self.stages))), stage.name
            )
            item.setData(STAGE_ID_ROLE, stage.id)
            item.setSizeHint(QSize(0, 32))
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [s.id for s in self.stages]
        self.list.setCurrentRow(ids.index(keep) if keep in ids else 0)
        self._show_stage(self.list.currentRow())

    def _current_stage_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(STAGE_ID_ROLE)

    def _current_stage(self) -> StageInfo | None:
        stage_id = self._current_stage_id()
        return next((s for s in self.stages if s.id == stage_id), None)

    def _show_stage(self, _row: int) -> None:
        stage = self._current_stage()
        self.form_box.setEnabled(stage is not None)
        self.delete_stage.setEnabled(stage is not None and len(self.stages) > 1)
        if stage is None:
            return
        for widget in (self.name, self.probability, self.rot_days):
            widget.blockSignals(True)
        self.name.setText(stage.name)
        self.probability.setValue(round(stage.probability))
        self.rot_days.setValue(stage.rot_days or 0)
        for widget in (self.name, self.probability, self.rot_days):
            widget.blockSignals(False)
        self.deal_count.setText(
            self.tr("%1 open deals in this stage").replace("%1", f"{stage.open_deals:,}")
        )

    # -- stage edits ---------------------------------------------------------------------
    def _save_name(self) -> None:
        stage = self._current_stage()
        if stage is not None and self.name.text().strip() != stage.name:
            self._save({"name": self.name.text()})

    def _save(self, values: dict) -> None:
        stage = self._current_stage()
        if stage is None:
            return
        current = {"name": stage.name, "probability": stage.probability, "rot_days": stage.rot_days}
        if all(current.get(key) == value for key, value in values.items()):
            return
        if self.context.run(pipelines.update_stage, stage.id, values, parent=self) is None:
            self._show_stage(self.list.currentRow())

    def _add_stage(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Add stage"), self.tr("Name of the new stage:")
        )
        if ok and name.strip():
            probability = self.stages[-1].probability if self.stages else 10
            changes = self.context.run(
                pipelines.add_stage,
                self.pipeline_id,
                {"name": name, "probability": probability, "rot_days": 14},
                parent=self,
            )
            if changes:
                new_id = changes.inserted_ids("stages")[0]
                ids = [s.id for s in self.stages]
                if new_id in ids:
                    self.list.setCurrentRow(ids.index(new_id))

    def _reorder(self, order: list[int]) -> None:
        if order != [s.id for s in self.stages]:
            self.context.run(pipelines.reorder_stages, self.pipeline_id, order, parent=self)
        self._load_stages()

    def _delete_stage(self) -> None:
        stage = self._current_stage()
        if stage is None:
            return
        others = [s for s in self.stages if s.id != stage.id]
        target: int | None = None
        if stage.all_deals:
            target = self._ask_target(stage, others)
            if target is None:
                return
        elif (
            QMessageBox.question(
                self,
                self.tr("Delete stage"),
                self.tr("Delete the stage “%1”?").replace("%1", stage.name),
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.context.run(pipelines.delete_stage, stage.id, target, parent=self)

    def _ask_target(self, stage: StageInfo, others: list[StageInfo]) -> int | None:
        names = [s.name for s in others]
        default = max(0, min(len(others) - 1, [s.id for s in self.stages].index(stage.id) - 1))
        text = self.tr("“%1” holds %Ln deals. Move them to:", "", stage.all_deals).replace(
            "%1", stage.name
        )
        choice, ok = QInputDialog.getItem(
            self, self.tr("Delete stage"), text, names, default, False
        )
        if not ok:
            return None
        return others[names.index(choice)].id

    # -- pipelines -----------------------------------------------------------------------
    def _add_pipeline(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New pipeline"), self.tr("Name:"))
        if not ok or not name.strip():
            return
        stage_names = [self.tr("Lead"), self.tr("Proposal"), self.tr("Negotiation")]
        changes = self.context.run(pipelines.create_pipeline, name, stage_names, parent=self)
        if changes:
            self.pipeline_id = changes.inserted_ids("pipelines")[0]
            self._load_pipelines()

    def _rename_pipeline(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Rename pipeline"),
            self.tr("Name:"),
            text=self.pipeline.currentText(),
        )
        if ok and name.strip():
            self.context.run(pipelines.rename_pipeline, self.pipeline_id, name, parent=self)

    def _delete_pipeline(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Delete pipeline"),
            self.tr("Delete the pipeline “%1” and its stages?").replace(
                "%1", self.pipeline.currentText()
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.context.run(pipelines.delete_pipeline, self.pipeline_id, parent=self)


def edit_stages(parent: QWidget | None, context: AppContext, pipeline_id: int) -> int:
    """Show the editor; returns the pipeline the user last looked at."""
    dialog = StageEditor(context, pipeline_id, parent)
    dialog.exec()
    return dialog.pipeline_id
