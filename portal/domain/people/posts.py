"""Posts that answer questions, who holds them, and which officers draft for them.

A holder signs answers off for the post (a cabinet member, a chair, a director); a
drafter is an officer who writes the answers for a holder to approve. A post is never
deleted once it exists, because questions and answers refer to it: it is made
inactive instead.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.errors import Invalid
from portal.domain.permissions import NotPermitted, can_manage_committees
from portal.extensions import db
from portal.formatting import format_date
from portal.models import Post, PostDrafter, PostHolder, Role, User


class PostError(Invalid):
    """A change to a post that cannot be made, worded for the administrator."""


def _require_post_manager(by: User) -> None:
    if not can_manage_committees(by):
        raise NotPermitted("Only administrators can change posts")


def _check_title(post: Post | None, title: str) -> str:
    title = title.strip()
    if not title:
        raise PostError("Enter the title of the post", field="title")
    own_id = post.id if post is not None else None
    taken = db.session.scalar(
        sa.select(Post.id).where(sa.func.lower(Post.title) == title.lower(), Post.id != own_id)
    )
    if taken is not None:
        raise PostError("There is already a post with that title", field="title")
    return title


def active_posts() -> list[Post]:
    """The posts in use, by title."""
    return list(db.session.scalars(sa.select(Post).where(Post.is_active.is_(True)).order_by(Post.title)))


def all_posts() -> list[Post]:
    return list(db.session.scalars(sa.select(Post).order_by(Post.is_active.desc(), Post.title, Post.id)))


def add_post(*, by: User, title: str, description: str = "", title_cy: str = "") -> Post:
    _require_post_manager(by)
    post = Post(
        title=_check_title(None, title),
        title_cy=(title_cy or "").strip() or None,
        description=description.strip(),
        is_active=True,
    )
    db.session.add(post)
    db.session.flush()
    return post


def update_post(
    post: Post, *, by: User, title: str, description: str, is_active: bool, title_cy: str | None = None
) -> None:
    """Change the post's details (`title_cy` None: its Welsh title stays as it is)."""
    _require_post_manager(by)
    post.title = _check_title(post, title)
    if title_cy is not None:
        post.title_cy = title_cy.strip() or None
    post.description = description.strip()
    post.is_active = is_active
    db.session.flush()


def _overlaps(
    a_start: dt.date | None, a_end: dt.date | None, b_start: dt.date | None, b_end: dt.date | None
) -> bool:
    earliest, latest = dt.date.min, dt.date.max
    return (a_start or earliest) <= (b_end or latest) and (b_start or earliest) <= (a_end or latest)


def add_holder(
    post: Post, *, by: User, user: User, starts_on: dt.date, ends_on: dt.date | None = None
) -> PostHolder:
    _require_post_manager(by)
    if not user.is_enabled:
        raise PostError(f"{user.name}'s account is disabled", field="user")
    if ends_on is not None and ends_on < starts_on:
        raise PostError("The end date must be the same as or after the start date", field="ends_on")
    for holder in post.holders:
        if holder.user_id == user.id and _overlaps(holder.starts_on, holder.ends_on, starts_on, ends_on):
            since = f" from {format_date(holder.starts_on, weekday=False)}" if holder.starts_on else ""
            raise PostError(f"{user.name} already holds this post{since}", field="user")
    holder = PostHolder(user=user, starts_on=starts_on, ends_on=ends_on)
    post.holders.append(holder)
    db.session.flush()
    return holder


def end_holding(holder: PostHolder, *, by: User, ends_on: dt.date) -> None:
    """Record the last day someone held the post (they keep their history)."""
    _require_post_manager(by)
    if holder.starts_on is not None and ends_on < holder.starts_on:
        raise PostError(
            f"The end date must be on or after {format_date(holder.starts_on, weekday=False)}, "
            "when they started",
            field="ends_on",
        )
    holder.ends_on = ends_on
    db.session.flush()


def remove_holder(holder: PostHolder, *, by: User) -> None:
    """For a holder added by mistake; someone who has left the post is ended instead."""
    _require_post_manager(by)
    holder.post.holders.remove(holder)
    db.session.flush()


def add_drafter(post: Post, *, by: User, user: User) -> PostDrafter:
    _require_post_manager(by)
    if not user.has_role(Role.OFFICER):
        raise PostError(f"Only officers draft answers. Give {user.name} the officer role first", field="user")
    if not user.is_enabled:
        raise PostError(f"{user.name}'s account is disabled", field="user")
    if post.is_drafted_by(user):
        raise PostError(f"{user.name} already drafts answers for this post", field="user")
    drafter = PostDrafter(user=user)
    post.drafters.append(drafter)
    db.session.flush()
    return drafter


def remove_drafter(drafter: PostDrafter, *, by: User) -> None:
    _require_post_manager(by)
    drafter.post.drafters.remove(drafter)
    db.session.flush()


def possible_holders() -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.is_enabled.is_(True))
            .order_by(User.last_name, User.first_name, User.id)
        )
    )


def possible_drafters(post: Post) -> list[User]:
    taken = {d.user_id for d in post.drafters}
    return [u for u in possible_holders() if u.has_role(Role.OFFICER) and u.id not in taken]
