"""`baocao import workload FILE.csv`: each unit's incoming documents received and handled and
records filed per period (from the document-management system, or a spreadsheet).  Header
`unit,period,documents_received,documents_handled,records_filed`; all or nothing, errors by line
number, in Vietnamese; importing the same file twice changes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.core.registry import ImportResult
from baocao.lib.csvfile import CsvError, line_error, read_rows
from baocao.organisation.models import OrgUnit

from . import registers
from .models import WorkloadCount

HEADER = ["unit", "period", "documents_received", "documents_handled", "records_filed"]


class _DryRun(Exception):
    pass


def import_workload(source, *, dry_run: bool = False, filename: str = "") -> ImportResult:
    result = ImportResult()
    try:
        rows = read_rows(source, required=HEADER)
    except CsvError as error:
        result.errors.append(str(error))
        return result
    units = {u.code: u for u in OrgUnit.objects.all()}
    problems, seen = [], {}
    try:
        with transaction.atomic():
            for row in rows:
                if "__too_many__" in row.values:
                    problems.append((row.line, _("more cells than header columns.")))
                    continue
                unit = units.get(row["unit"])
                if unit is None:
                    problems.append((row.line, _("the unit \"%(code)s\" is unknown.")
                                     % {"code": row["unit"]}))
                    continue
                key = (unit.pk, row["period"])
                if key in seen:
                    problems.append((row.line, _("the same unit and period as line %(line)d.")
                                     % {"line": seen[key]}))
                    continue
                seen[key] = row.line
                try:
                    with transaction.atomic():
                        _row, action = registers.save_workload(
                            unit=unit, period_text=row["period"],
                            documents_received=row["documents_received"],
                            documents_handled=row["documents_handled"],
                            records_filed=row["records_filed"], actor=None,
                            source=WorkloadCount.Source.IMPORTED, check_access=False)
                except ValidationError as error:
                    for field, messages in error.message_dict.items():
                        label = field if field in HEADER else ""
                        for message in messages:
                            problems.append((row.line, f"{label}: {message}" if label
                                             else message))
                    continue
                result.count(f"workloadcount.{action}" if action else None)
            if problems or dry_run:
                raise _DryRun
            record("workloadcount.import", None, actor=None, details={
                "file": filename, **result.summary(filename)})
    except _DryRun:
        pass
    if problems:
        result = ImportResult(errors=[line_error(line, message)
                                      for line, message in sorted(problems)])
    return result
