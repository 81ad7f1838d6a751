"""Named counters for human-readable references (Q-2026-000123)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Model


class Counter(Model):
    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(sa.String(50), primary_key=True)
    value: Mapped[int] = mapped_column(sa.Integer, default=0, nullable=False)
