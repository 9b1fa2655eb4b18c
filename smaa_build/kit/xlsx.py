"""What every kit workbook shares: a locked, frozen header row, data rows left editable, dropdowns that read their
lists from a hidden sheet (so a list longer than Excel's 255-character inline limit still works), the hidden
manifest that lets `smaa check` recognise the workbook, and an instructions sheet."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ..spec.kitbook import LISTS, MANIFEST

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")  # the report's navy
HEADER_FONT = Font(bold=True, color="FFFFFF")
OPEN = Protection(locked=False)


def new_book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def table_sheet(book: Workbook, title: str, columns: list[str], widths: dict[str, int] | None = None):
    """A sheet whose first row names the columns, frozen and (once protected) locked."""
    ws = book.create_sheet(title)
    ws.append(columns)
    for i, name in enumerate(columns, start=1):
        cell = ws.cell(1, i)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(name, max(14, len(name) + 4))
    ws.freeze_panes = "A2"
    return ws


def open_columns(ws, n_cols: int) -> None:
    """The first `n_cols` columns stay editable when the sheet is protected, except the header row. Set on the
    columns, not cell by cell: a workbook with thousands of formatted empty cells is slow to read back."""
    for i in range(1, n_cols + 1):
        ws.column_dimensions[get_column_letter(i)].protection = OPEN
    for row in ws.iter_rows(min_row=2, max_col=n_cols):  # cells already written carry their own (locked) style
        for cell in row:
            cell.protection = OPEN


def protect(ws) -> None:
    """Locked cells cannot be edited (no password: this guards against slips, not people); sorting and filtering
    stay allowed so a coder can find their rows."""
    ws.protection.sheet = True
    ws.protection.sort = False
    ws.protection.autoFilter = False
    ws.protection.formatColumns = False


def add_lists(book: Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    """Each list as a column of the hidden LISTS sheet and a workbook name; returns list name -> range name."""
    ws = book.create_sheet(LISTS)
    names = {}
    for i, (name, values) in enumerate(lists.items(), start=1):
        col = get_column_letter(i)
        ws.cell(1, i, name)
        for j, v in enumerate(values, start=2):
            ws.cell(j, i, v)
        ref = f"{quote_sheetname(LISTS)}!${col}$2:${col}${max(len(values) + 1, 2)}"
        names[name] = f"list_{name}"
        book.defined_names[names[name]] = DefinedName(names[name], attr_text=ref)
    ws.sheet_state = "hidden"
    return names


def dropdown(ws, formula: str, cells: str, what: str) -> DataValidation:
    """A list validation on `cells` that refuses any other value, with the prompt and error Excel shows."""
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                        errorTitle="Not in the list", error=f"Choose {what} from the list.",
                        promptTitle=what[:32], prompt=f"Choose {what} from the list.")
    dv.add(cells)
    ws.add_data_validation(dv)
    return dv


def whole_number(ws, low: int, high: int, cells: str, what: str) -> DataValidation:
    dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=True,
                        showErrorMessage=True, errorStyle="stop", errorTitle="Out of range",
                        error=f"Enter {what}: a whole number from {low} to {high}.")
    dv.add(cells)
    ws.add_data_validation(dv)
    return dv


def add_manifest(book: Workbook, facts: dict[str, str]) -> None:
    ws = book.create_sheet(MANIFEST)
    for key, value in facts.items():
        ws.append([key, value])
    ws.sheet_state = "hidden"


def add_instructions(book: Workbook, title: str, paragraphs: list[str], index: int = 0) -> None:
    ws = book.create_sheet("Instructions", index)
    ws.column_dimensions["A"].width = 110
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    for text in paragraphs:
        ws.append([text])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    protect(ws)
