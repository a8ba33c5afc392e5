"""Changes to organisations: profile, identifiers, certifications, verification, export and deletion.

Each action checks who may do it, changes the data in one transaction, writes an ``AuditEvent`` in that same
transaction, tells search (``search_hooks``) when a searchable field changed, and queues e-mails to the owners
for after the commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.errors import NotAllowed
from rantai.accounts.queries import check_can_act_for, is_owner, official_acts_for
from rantai.core.errors import NotFound, RantaiError
from rantai.core.storage import storing_files
from rantai.directory import search_hooks
from rantai.directory.identifiers import check_identifier
from rantai.directory.models import (
    AuditEvent,
    Certification,
    CertificationType,
    IdentifierScheme,
    Organisation,
    OrganisationIdentifier,
    VerificationDocument,
    VerificationRequest,
    VerificationStatus,
)
from rantai.directory.notifications import notify_owners
from rantai.directory.profile import SIZE_INPUTS, clean_profile_changes
from rantai.directory.sizing import size_class_for
from rantai.directory.uploads import check_document

SEARCHABLE = frozenset(
    {"name", "legal_name", "province", "city", "description", "size_class", "isic", "kbli"}
)


def record(organisation: Organisation | None, actor: Any, action: str, **detail: Any) -> AuditEvent:
    """Write one audit event (call inside the action's transaction)."""
    return AuditEvent.objects.create(
        organisation=organisation,
        organisation_name=organisation.name if organisation is not None else detail.get("name", ""),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        detail=detail,
    )


def check_official_for(user: Any, organisation: Organisation) -> None:
    """Officials act only on organisations of their own economy."""
    if not official_acts_for(user, organisation.economy_id):
        raise NotAllowed(_("Only a trade official of this organisation's economy can do this."))


def check_owner(user: Any, organisation: Organisation) -> None:
    check_can_act_for(user, organisation)
    if not is_owner(user, organisation):
        raise NotAllowed(_("Only an owner of this organisation can do this."))


def _locked(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().select_related("economy").get(pk=organisation.pk)


# Profile ------------------------------------------------------------------------------------------------------


def recompute_size_class(organisation: Organisation) -> bool:
    """Store the size class from the economy's rules; True when it changed."""
    size_class = size_class_for(organisation)
    if size_class == organisation.size_class:
        return False
    organisation.size_class = size_class
    Organisation.objects.filter(pk=organisation.pk).update(size_class=size_class)
    return True


def update_profile(user: Any, organisation: Organisation, data: dict[str, Any]) -> list[str]:
    """Apply checked changes; returns the names of the fields that changed."""
    check_can_act_for(user, organisation)
    cleaned = clean_profile_changes(organisation, data)
    given = organisation
    with transaction.atomic():
        organisation = _locked(organisation)
        markets = cleaned.pop("markets_served", None)
        changed = [name for name, value in cleaned.items() if getattr(organisation, name) != value]
        for name in changed:
            setattr(organisation, name, cleaned[name])
        if changed:
            organisation.save(update_fields=[*changed, "updated_at"])
        if markets is not None:
            before = set(organisation.markets_served.values_list("iso3", flat=True))
            if before != set(markets):
                organisation.markets_served.set(markets)
                changed.append("markets_served")
        size_changed = bool(SIZE_INPUTS & set(changed)) and recompute_size_class(organisation)
        if size_changed:
            changed.append("size_class")
        if changed:
            record(organisation, user, "profile_updated", fields=sorted(changed))
            search_hooks.organisation_changed(organisation.pk)
    # The caller's instance shows the saved values too.
    for name in set(changed) - {"markets_served"}:
        setattr(given, name, getattr(organisation, name))
    return changed


def set_identifier(
    user: Any, organisation: Organisation, scheme_code: str, value: str
) -> OrganisationIdentifier:
    """Add or replace the organisation's identifier of one scheme (one per scheme)."""
    check_can_act_for(user, organisation)
    scheme = IdentifierScheme.objects.filter(pk=scheme_code).first()
    if scheme is None or scheme.economy_id != organisation.economy_id:
        message = _("Choose an identifier used in your organisation's economy.")
        raise RantaiError(message, code="invalid_identifier", fields={"scheme": [message]})
    normalised = check_identifier(scheme, value)
    try:
        with transaction.atomic():
            identifier, _created = OrganisationIdentifier.objects.update_or_create(
                organisation=organisation, scheme=scheme, defaults={"value": normalised}
            )
            record(organisation, user, "identifier_set", scheme=scheme.code, value=normalised)
    except IntegrityError as exc:
        message = _("Another organisation already registered this number.")
        raise RantaiError(message, code="identifier_taken", fields={"value": [message]}, status=409) from exc
    return identifier


def remove_identifier(user: Any, organisation: Organisation, identifier_id: int) -> None:
    check_can_act_for(user, organisation)
    with transaction.atomic():
        identifier = OrganisationIdentifier.objects.filter(
            pk=identifier_id, organisation=organisation
        ).first()
        if identifier is None:
            raise NotFound(_("This identifier does not exist."))
        identifier.delete()
        record(organisation, user, "identifier_removed", scheme=identifier.scheme_id, value=identifier.value)


# Certifications -----------------------------------------------------------------------------------------------

CERTIFICATION_FIELDS = ("type", "number", "issuer", "valid_from", "valid_until")


def _clean_certification(data: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    if "type" in data:
        type_value = data["type"]
        cert_type = (
            type_value
            if isinstance(type_value, CertificationType)
            else CertificationType.objects.filter(pk=str(type_value or "")).first()
        )
        if cert_type is None:
            fields["type"] = [_("Choose a certification type from the list.")]
        cleaned["type"] = cert_type
    if "number" in data:
        number = str(data["number"] or "").strip()
        if not number or len(number) > 100:
            fields["number"] = [_("Enter the certificate number as printed on the certificate.")]
        cleaned["number"] = number
    if "issuer" in data:
        cleaned["issuer"] = str(data["issuer"] or "").strip()[:200]
    for name in ("valid_from", "valid_until"):
        if name in data:
            value = data[name]
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value) if value.strip() else None
                except ValueError:
                    fields[name] = [_("Enter a date as YYYY-MM-DD.")]
                    continue
            cleaned[name] = value
    start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
    if start and end and end < start:
        fields["valid_until"] = [_("The certificate cannot expire before it becomes valid.")]
    if fields:
        raise RantaiError(_("Some fields are not valid."), code="validation_error", fields=fields)
    return cleaned


def add_certification(
    user: Any, organisation: Organisation, data: dict[str, Any], document: Any = None
) -> Certification:
    check_can_act_for(user, organisation)
    missing = [name for name in ("type", "number") if not data.get(name)]
    if missing:
        message = _("This field is required.")
        raise RantaiError(
            _("Some fields are not valid."), code="validation_error", fields={n: [message] for n in missing}
        )
    cleaned = _clean_certification(data)
    if document is not None:
        check_document(document)
    with storing_files("document") as stored, transaction.atomic():
        certification = Certification(organisation=organisation, **cleaned)
        if document is not None:
            certification.document = document
        certification.save()
        stored.append(certification.document.name if document is not None else None)
        record(organisation, user, "certification_added", certification=certification.pk, type=certification.type_id,
               number=certification.number)  # fmt: skip
        search_hooks.organisation_changed(organisation.pk)
    return certification


def update_certification(
    user: Any, certification: Certification, data: dict[str, Any], document: Any = None
) -> list[str]:
    """Changing a certification sends it back for verification."""
    organisation = certification.organisation
    check_can_act_for(user, organisation)
    cleaned = _clean_certification(data)
    if document is not None:
        check_document(document)
    with storing_files("document") as stored, transaction.atomic():
        changed = [name for name, value in cleaned.items() if getattr(certification, name) != value]
        for name in changed:
            setattr(certification, name, cleaned[name])
        old_file = certification.document.name if document is not None else ""
        if document is not None:
            certification.document = document
            changed.append("document")
        if not changed:
            return []
        was_verified = certification.status != Certification.Status.SUBMITTED
        certification.status = Certification.Status.SUBMITTED
        certification.verified_by = None
        certification.verified_at = None
        if "valid_until" in changed:
            certification.reminder_sent_on = None
        certification.save()
        stored.append(certification.document.name if document is not None else None)
        record(organisation, user, "certification_changed", certification=certification.pk, fields=changed)
        if was_verified:
            search_hooks.organisation_changed(organisation.pk)
        if old_file:
            _delete_files_after_commit([old_file])
    return changed


def delete_certification(user: Any, certification: Certification) -> None:
    organisation = certification.organisation
    check_can_act_for(user, organisation)
    with transaction.atomic():
        files = [str(certification.document.name)] if certification.document else []
        record(organisation, user, "certification_removed", certification=certification.pk,
               type=certification.type_id, number=certification.number)  # fmt: skip
        certification.delete()
        search_hooks.organisation_changed(organisation.pk)
        _delete_files_after_commit(files)


def review_certification(
    official: Any, certification: Certification, *, approve: bool, note: str = ""
) -> None:
    """A trade official of the organisation's economy confirms (or refuses) a certification."""
    organisation = certification.organisation
    check_official_for(official, organisation)
    note = note.strip()
    if not approve and not note:
        message = _("Give the reason, so the organisation knows what to fix.")
        raise RantaiError(message, code="reason_required", fields={"reason": [message]})
    status = Certification.Status.VERIFIED if approve else Certification.Status.REJECTED
    with transaction.atomic():
        Certification.objects.filter(pk=certification.pk).update(
            status=status, review_note=note, verified_by=official if approve else None,
            verified_at=timezone.now() if approve else None,
        )  # fmt: skip
        certification.refresh_from_db()
        record(organisation, official, f"certification_{status}", certification=certification.pk,
               type=certification.type_id, reason=note)  # fmt: skip
        search_hooks.organisation_changed(organisation.pk)
        notify_owners(organisation, f"certification_{status}", certification=certification.type, reason=note)


# Verification -------------------------------------------------------------------------------------------------


def _attach(request: VerificationRequest, user: Any, documents: list[Any]) -> None:
    """Store the documents; a disk error deletes the ones already written and rolls back (StorageFailed)."""
    with storing_files("documents") as stored:
        for upload in documents:
            document = VerificationDocument.objects.create(request=request, file=upload, uploaded_by=user,
                                                           description=(upload.name or "")[:200])  # fmt: skip
            stored.append(document.file.name)


def _set_status(organisation: Organisation, status: str, **extra: Any) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        verification_status=status, updated_at=timezone.now(), **extra
    )
    organisation.verification_status = status
    for name, value in extra.items():
        setattr(organisation, name, value)


def submit_verification(
    user: Any, organisation: Organisation, message: str = "", documents: list[Any] | None = None
) -> VerificationRequest:
    """Ask the trade officials of the organisation's economy to verify it."""
    check_can_act_for(user, organisation)
    documents = documents or []
    for upload in documents:
        check_document(upload, field="documents")
    if not organisation.identifiers.exists():
        text = _("Add at least one registration number (such as your NIB) before asking for verification.")
        raise RantaiError(text, code="identifier_required", fields={"identifiers": [text]})
    with transaction.atomic():
        organisation = _locked(organisation)
        if organisation.verification_requests.filter(
            status__in=[VerificationRequest.Status.SUBMITTED, VerificationRequest.Status.MORE_INFO]
        ).exists():
            raise RantaiError(_("A verification request for this organisation is already open."), code="already_open",
                              status=409)  # fmt: skip
        request = VerificationRequest.objects.create(
            organisation=organisation, submitted_by=user, message=message.strip()
        )
        _attach(request, user, documents)
        _set_status(organisation, VerificationStatus.PENDING)
        record(organisation, user, "verification_submitted", request=request.pk, documents=len(documents))
        search_hooks.organisation_changed(organisation.pk)
        notify_owners(organisation, "verification_submitted")
    return request


def _transition(request: VerificationRequest, allowed: list[str], **values: Any) -> VerificationRequest:
    """Move the request on only if nobody moved it first (conditional UPDATE, no check-then-act race)."""
    if not VerificationRequest.objects.filter(pk=request.pk, status__in=allowed).update(
        updated_at=timezone.now(), **values
    ):
        raise RantaiError(_("This verification request is no longer waiting for this step."), code="wrong_state",
                          status=409)  # fmt: skip
    request.refresh_from_db()
    return request


def resubmit_verification(
    user: Any, request: VerificationRequest, message: str = "", documents: list[Any] | None = None
) -> VerificationRequest:
    organisation = request.organisation
    check_can_act_for(user, organisation)
    documents = documents or []
    for upload in documents:
        check_document(upload, field="documents")
    with transaction.atomic():
        note = (request.message + "\n\n" + message.strip()).strip() if message.strip() else request.message
        request = _transition(request, [VerificationRequest.Status.MORE_INFO], status=VerificationRequest.Status.SUBMITTED,
                              message=note)  # fmt: skip
        _attach(request, user, documents)
        _set_status(organisation, VerificationStatus.PENDING)
        record(organisation, user, "verification_resubmitted", request=request.pk, documents=len(documents))
        search_hooks.organisation_changed(organisation.pk)
        notify_owners(organisation, "verification_resubmitted")
    return request


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        message = _("Give the reason, so the organisation knows what to fix.")
        raise RantaiError(message, code="reason_required", fields={"reason": [message]})
    return reason


def ask_for_more(official: Any, request: VerificationRequest, reason: str) -> VerificationRequest:
    organisation = request.organisation
    check_official_for(official, organisation)
    reason = _reason(reason)
    with transaction.atomic():
        request = _transition(request, [VerificationRequest.Status.SUBMITTED], status=VerificationRequest.Status.MORE_INFO,
                              reason=reason)  # fmt: skip
        _set_status(organisation, VerificationStatus.MORE_INFO)
        record(organisation, official, "verification_more_info", request=request.pk, reason=reason)
        search_hooks.organisation_changed(organisation.pk)
        notify_owners(organisation, "verification_more_info", reason=reason)
    return request


def approve_verification(official: Any, request: VerificationRequest) -> VerificationRequest:
    organisation = request.organisation
    check_official_for(official, organisation)
    agency = official.official.agency
    now = timezone.now()
    with transaction.atomic():
        request = _transition(request, [VerificationRequest.Status.SUBMITTED], status=VerificationRequest.Status.APPROVED,
                              decided_by=official, agency=agency, decided_at=now, reason="")  # fmt: skip
        _set_status(organisation, VerificationStatus.VERIFIED, verified_agency=agency, verified_at=now)
        record(organisation, official, "verification_approved", request=request.pk, agency=agency)
        search_hooks.organisation_changed(organisation.pk)
        notify_owners(organisation, "verification_approved", agency=agency)
    return request


def reject_verification(official: Any, request: VerificationRequest, reason: str) -> VerificationRequest:
    organisation = request.organisation
    check_official_for(official, organisation)
    reason = _reason(reason)
    agency = official.official.agency
    with transaction.atomic():
        request = _transition(
            request,
            [VerificationRequest.Status.SUBMITTED, VerificationRequest.Status.MORE_INFO],
            status=VerificationRequest.Status.REJECTED, decided_by=official, agency=agency,
            decided_at=timezone.now(), reason=reason,
        )  # fmt: skip
        _set_status(organisation, VerificationStatus.REJECTED, verified_agency="", verified_at=None)
        record(
            organisation, official, "verification_rejected", request=request.pk, agency=agency, reason=reason
        )
        search_hooks.organisation_changed(organisation.pk)
        notify_owners(organisation, "verification_rejected", reason=reason)
    return request


# Privacy ------------------------------------------------------------------------------------------------------


def _delete_files_after_commit(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            if name and default_storage.exists(name):
                default_storage.delete(name)

    transaction.on_commit(delete)


def _files_of(instances: list[models.Model]) -> list[str]:
    names = []
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if isinstance(field, models.FileField):
                value = getattr(instance, field.attname)
                if value:
                    names.append(str(value))
    return names


def delete_organisation(user: Any, organisation: Organisation, confirm: str) -> None:
    """Delete the organisation with everything it owns (products, certifications, documents and their files).

    Audit events stay, with the organisation unset and its name kept, so officials can still account for
    what happened.
    """
    check_owner(user, organisation)
    if confirm.strip() != organisation.name:
        message = _("Type the organisation's trade name exactly to confirm.")
        raise RantaiError(message, code="confirmation_required", fields={"confirm": [message]})
    with transaction.atomic():
        organisation = _locked(organisation)
        org_id = organisation.pk
        collector = Collector(using="default")
        collector.collect([organisation])
        files = [name for instances in collector.data.values() for name in _files_of(list(instances))]
        record(organisation, user, "organisation_deleted", files=len(files))
        AuditEvent.objects.filter(organisation=organisation).update(organisation=None)
        organisation.delete()
        search_hooks.organisation_changed(org_id)
        _delete_files_after_commit(files)
