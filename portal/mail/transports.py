"""Ways of delivering one outbox message.

Each transport's `send(message, handover)` either returns the provider's reference (or
None) or raises DeliveryFailed. It calls `handover()` once, just before the point of no
return (SMTP's DATA, Notify's POST): the sender records that moment before going on.
`permanent=True` means trying again cannot help (the address was refused);
`possibly_delivered=True` means the message may have gone (the connection dropped after
DATA): it is not retried. Anything else is retried with backoff by the sender. Error
text is kept short and stripped of e-mail addresses, because it is stored and logged.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable, Mapping
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any, Protocol

from portal.config import notify_key_problem
from portal.models import OutboxMessage

_ADDRESS = re.compile(r"[^\s<>\"'@]+@[^\s<>\"'@]+")


def scrub(text: str, limit: int = 500) -> str:
    """Error text safe to store and log: no e-mail addresses, no line breaks, not too long."""
    return " ".join(_ADDRESS.sub("[address]", str(text)).split())[:limit]


class DeliveryFailed(Exception):
    def __init__(self, reason: str, *, permanent: bool = False, possibly_delivered: bool = False) -> None:
        super().__init__(scrub(reason))
        self.reason = scrub(reason)
        self.permanent = permanent
        self.possibly_delivered = possibly_delivered


def _nothing() -> None:
    return None


class Transport(Protocol):
    name: str

    def send(self, message: OutboxMessage, handover: Callable[[], None] = _nothing) -> str | None: ...


def stable_message_id(message: OutboxMessage, sender: str) -> str:
    """The same Message-ID on every attempt at one message, so a resend can be recognised
    by the recipient's mail system and found in the relay's log."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    made = int(message.created_at.timestamp()) if message.created_at else 0
    return f"<outbox-{message.id}.{made}@{domain}>"


class MailboxTransport:
    """Development: the message stays in the outbox and shows at /dev/mailbox; nothing leaves."""

    name = "mailbox"

    def send(self, message: OutboxMessage, handover: Callable[[], None] = _nothing) -> str | None:
        return None


class SmtpTransport:
    """An SMTP relay, with STARTTLS or implicit TLS and optional sign-in (the MAIL_* settings)."""

    name = "smtp"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        use_tls: bool = False,
        use_ssl: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 20,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.use_tls, self.use_ssl = use_tls, use_ssl
        self.username, self.password = username, password
        self.timeout = timeout

    def build(self, message: OutboxMessage) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to_address
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = stable_message_id(message, self.sender)
        for name, value in (message.headers or {}).items():
            email[name] = value
        email.set_content(message.body_text)
        return email

    def _connect(self) -> smtplib.SMTP:
        if self.use_ssl:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.use_tls:
            connection.starttls(context=ssl.create_default_context())
        return connection

    def send(self, message: OutboxMessage, handover: Callable[[], None] = _nothing) -> str | None:
        email = self.build(message)
        handed_over = False
        try:
            with self._connect() as connection:
                if self.username:
                    connection.login(self.username, self.password or "")
                envelope, content, options = self._envelope(connection, email, message.to_address)
                code, reply = connection.mail(envelope, options)
                if code != 250:
                    raise smtplib.SMTPSenderRefused(code, reply, envelope)
                code, reply = connection.rcpt(message.to_address)
                if code not in (250, 251):
                    raise smtplib.SMTPRecipientsRefused({message.to_address: (code, reply)})
                # The point of no return: once DATA is under way the server may accept the
                # message even if this process never hears that it did.
                handover()
                handed_over = True
                code, reply = connection.data(content)
                if code != 250:
                    raise smtplib.SMTPDataError(code, reply)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise DeliveryFailed(
                f"Recipient refused ({', '.join(map(str, codes))})",
                permanent=all(code >= 500 for code in codes),
            ) from None
        except smtplib.SMTPResponseException as error:
            # A 5xx on the message itself is final; a refused sign-in (535) is a setting to fix,
            # so it is retried and succeeds once the setting is right.
            permanent = error.smtp_code >= 500 and error.smtp_code != 535
            reason = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
            raise DeliveryFailed(reason, permanent=permanent) from None
        except (smtplib.SMTPException, OSError) as error:
            # After DATA began, a dropped connection or a timeout leaves it unknown whether
            # the server took the message: it may have, so it is not sent again blindly.
            raise DeliveryFailed(f"{type(error).__name__}: {error}", possibly_delivered=handed_over) from None
        return str(email["Message-ID"])

    @staticmethod
    def _envelope(connection: smtplib.SMTP, email: EmailMessage, to: str) -> tuple[str, bytes, list[str]]:
        """The envelope sender, the message's bytes and the MAIL options, as
        smtplib's send_message would work them out."""
        connection.ehlo_or_helo_if_needed()
        sender = parseaddr(str(email["From"]))[1]
        international = not (sender.isascii() and to.isascii())
        if international and not connection.has_extn("smtputf8"):
            raise DeliveryFailed(
                "The mail server cannot take international addresses (no SMTPUTF8)", permanent=True
            )
        content = email.as_bytes(policy=policy.SMTPUTF8 if international else policy.SMTP)
        options = ["SMTPUTF8", "BODY=8BITMIME"] if international else []
        return sender, content, options


class NotifyTransport:
    """GOV.UK Notify, through one template whose subject and body are personalisation fields:
    ((subject)) and ((body))."""

    name = "notify"

    def __init__(self, *, client: Any, template_id: str) -> None:
        self.client = client
        self.template_id = template_id

    def send(self, message: OutboxMessage, handover: Callable[[], None] = _nothing) -> str | None:
        from notifications_python_client.errors import APIError

        headers: Mapping[str, str] = message.headers or {}
        extra: dict[str, str] = {}
        unsubscribe = _https_url(headers.get("List-Unsubscribe", ""))
        if unsubscribe:
            extra["one_click_unsubscribe_url"] = unsubscribe
        handover()  # once posted, Notify may have it: it is asked by reference if we stop here
        try:
            response = self.client.send_email_notification(
                email_address=message.to_address,
                template_id=self.template_id,
                personalisation={"subject": message.subject, "body": message.body_text},
                reference=f"outbox-{message.id}",
                **extra,
            )
        except APIError as error:
            status = getattr(error, "status_code", 0) or 0
            # 400: Notify will never accept this message (a bad address, say). 403 is a key to
            # fix, 429 and 5xx are passing: retried.
            raise DeliveryFailed(f"Notify {status}", permanent=status == 400) from None
        except Exception as error:  # the client wraps requests; a network fault is passing
            raise DeliveryFailed(f"Notify: {type(error).__name__}") from None
        return str((response or {}).get("id") or "") or None

    def lookup(self, message: OutboxMessage) -> str | None:
        """Notify's id for the message if Notify has it (asked by reference), else None."""
        try:
            found = self.client.get_all_notifications(reference=f"outbox-{message.id}")
        except Exception as error:  # the client wraps requests and HTTP errors alike
            raise DeliveryFailed(f"Notify lookup: {type(error).__name__}") from None
        notifications = (found or {}).get("notifications") or []
        return str(notifications[0].get("id") or "found") if notifications else None


def _https_url(header: str) -> str | None:
    match = re.search(r"<(https://[^>]+)>", header)
    return match.group(1) if match else None


def transport_from_config(config: Mapping[str, Any], notify_client: Any = None) -> Transport:
    """The transport the settings ask for: MAIL_TRANSPORT, else Notify with a key, else SMTP."""
    choice = (config.get("MAIL_TRANSPORT") or "").lower()
    if not choice:
        choice = "notify" if config.get("NOTIFY_API_KEY") else "smtp"
    if choice == "mailbox":
        return MailboxTransport()
    if choice == "notify":
        template_id = config.get("NOTIFY_TEMPLATE_ID")
        if not template_id:
            raise ValueError("Set NOTIFY_TEMPLATE_ID to the Notify template with ((subject)) and ((body))")
        if notify_client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            problem = notify_key_problem(config.get("NOTIFY_API_KEY"))
            if problem:
                raise ValueError(problem)
            try:
                notify_client = NotificationsAPIClient(config["NOTIFY_API_KEY"].strip())
            except (AssertionError, ValueError, TypeError, IndexError):
                problem = "NOTIFY_API_KEY is not a GOV.UK Notify API key: copy it from Notify again"
                raise ValueError(problem) from None
        return NotifyTransport(client=notify_client, template_id=template_id)
    if choice == "smtp":
        return SmtpTransport(
            host=config.get("MAIL_SERVER") or "localhost",
            port=int(config.get("MAIL_PORT") or 25),
            sender=config.get("MAIL_FROM") or "",
            use_tls=bool(config.get("MAIL_USE_TLS")),
            use_ssl=bool(config.get("MAIL_USE_SSL")),
            username=config.get("MAIL_USERNAME"),
            password=config.get("MAIL_PASSWORD"),
            timeout=float(config.get("MAIL_TIMEOUT") or 20),
        )
    raise ValueError(f"MAIL_TRANSPORT must be smtp, notify or mailbox, not {choice!r}")
