"""Where the apps tell the core what it must not know by itself (the core imports no app).

Each app registers its providers in ``AppConfig.ready()``:

- personal-data providers: the app's part of a user's data export, and the erasure of
  what it holds about a user when the account is deleted;
- deletion blockers: rules that say why a user's account may not be deleted yet (the
  last administrator of an organization must first name another one).

The core asks the registry; a layering contract (import-linter, ``make lint``) keeps
``iomcso`` from importing an app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

PersonalDataExporter = Callable[[Any], dict[str, Any]]
PersonalDataEraser = Callable[[Any], None]


@dataclass(frozen=True)
class DeletionBlocker:
    """One thing that stops a user's account from being deleted, and where to fix it."""

    name: str
    url: str


DeletionBlockerRule = Callable[..., list[DeletionBlocker]]

_exporters: list[PersonalDataExporter] = []
_erasers: list[PersonalDataEraser] = []
_deletion_blocker_rules: list[DeletionBlockerRule] = []


def register_personal_data(
    *, export: PersonalDataExporter | None = None, erase: PersonalDataEraser | None = None
) -> None:
    """Add an app's part of a user's data export and/or of its erasure (once each)."""
    if export is not None and export not in _exporters:
        _exporters.append(export)
    if erase is not None and erase not in _erasers:
        _erasers.append(erase)


def register_deletion_blocker(rule: DeletionBlockerRule) -> DeletionBlockerRule:
    """Add a rule ``rule(user, *, lock: bool) -> list[DeletionBlocker]`` (once)."""
    if rule not in _deletion_blocker_rules:
        _deletion_blocker_rules.append(rule)
    return rule


def personal_data_export(user) -> dict[str, Any]:
    """Every registered app's part of the user's personal data, merged."""
    data: dict[str, Any] = {}
    for export in _exporters:
        data.update(export(user))
    return data


@transaction.atomic
def personal_data_erase(user) -> None:
    """Let every registered app erase what it holds about the user, all or nothing.

    Erasers run in the reverse order of registration, that is of ``INSTALLED_APPS``: an app
    erases before the apps it builds on, so what its erasure writes below it (an email to a
    promoted waitlisted delegate, in the outbox) is there when the lower layer erases, and
    the core's outbox goes last.
    """
    for erase in reversed(_erasers):
        erase(user)


def user_deletion_blockers(user, *, lock: bool = False) -> list[DeletionBlocker]:
    """What stops the user's account from being deleted, by name.

    With ``lock`` (inside a transaction) each rule locks the rows it read, so a
    concurrent change cannot slip between the check and the deletion.
    """
    blockers: list[DeletionBlocker] = []
    for rule in _deletion_blocker_rules:
        blockers.extend(rule(user, lock=lock))
    return sorted(blockers, key=lambda blocker: blocker.name)
