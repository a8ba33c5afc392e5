"""Organisation profiles, identifiers, certifications, verification by trade officials and data export.

Validation and shaping only: the rules live in ``rantai.directory.actions`` and ``queries``, which the pages
use too. Changes need a token; acting for another organisation, or outside an official's economy, is 403.
Uploads are multipart forms (``document``, ``documents``); everything else is JSON.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from rantai.accounts.errors import NotAllowed
from rantai.accounts.queries import can_act_for, official_acts_for
from rantai.api.auth import TokenAuth, token_user
from rantai.core.errors import NotFound, RantaiError
from rantai.directory import actions, queries
from rantai.directory.i18n import localised
from rantai.directory.models import (
    Certification,
    CertificationType,
    IdentifierScheme,
    Organisation,
    OrganisationIdentifier,
    VerificationRequest,
)

router = Router(tags=["directory"])
token = TokenAuth()


def _optional_user(request: HttpRequest) -> Any:
    """Reads are public; a valid token (if sent) shows what its user may see, such as contact details."""
    return token(request)


# Schemas -------------------------------------------------------------------------------------------------------


class ContactsOut(Schema):
    name: str
    email: str
    phone: str


class ActivityOut(Schema):
    scheme: str
    code: str
    title: str


class IdentifierOut(Schema):
    id: int
    scheme: str
    scheme_name: str
    value: str

    @staticmethod
    def of(identifier: OrganisationIdentifier) -> IdentifierOut:
        scheme = identifier.scheme
        return IdentifierOut(
            id=identifier.pk, scheme=scheme.code, scheme_name=localised(scheme.name, scheme.name_id),
            value=identifier.value,
        )  # fmt: skip


class CertificationOut(Schema):
    id: int
    type: str
    type_name: str
    number: str
    issuer: str
    valid_from: str | None
    valid_until: str | None
    status: str
    verified: bool
    has_document: bool

    @staticmethod
    def of(c: Certification) -> CertificationOut:
        return CertificationOut(
            id=c.pk,
            type=c.type_id,
            type_name=localised(c.type.name, c.type.name_id),
            number=c.number,
            issuer=c.issuer,
            valid_from=c.valid_from.isoformat() if c.valid_from else None,
            valid_until=c.valid_until.isoformat() if c.valid_until else None,
            status=c.status,
            verified=c.is_verified,
            has_document=bool(c.document),
        )


class OrganisationOut(Schema):
    slug: str
    name: str
    legal_name: str
    kind: str
    economy: str
    province: str
    city: str
    description: str
    description_language: str
    languages: list[str]
    website: str
    year_founded: int | None
    employees: int | None
    size_class: str
    isic: ActivityOut | None
    kbli: ActivityOut | None
    markets_served: list[str]
    verification_status: str
    verified_by: str | None
    verified_at: str | None
    contacts: ContactsOut | None
    certifications: list[CertificationOut]

    @staticmethod
    def of(org: Organisation, user: Any) -> OrganisationOut:
        def activity(a: Any) -> ActivityOut | None:
            return (
                ActivityOut(scheme=a.scheme, code=a.code, title=localised(a.title, a.title_id)) if a else None
            )

        contacts = None
        if queries.can_see_contacts(user, org):
            contacts = ContactsOut(name=org.contact_name, email=org.contact_email, phone=org.contact_phone)
        return OrganisationOut(
            slug=org.slug,
            name=org.name,
            legal_name=org.legal_name,
            kind=org.kind,
            economy=org.economy_id,
            province=org.province,
            city=org.city,
            description=org.description,
            description_language=org.description_language,
            languages=list(org.languages),
            website=org.website,
            year_founded=org.year_founded,
            employees=org.employees,
            size_class=org.size_class,
            isic=activity(org.isic),
            kbli=activity(org.kbli),
            markets_served=sorted(org.markets_served.values_list("iso3", flat=True)),
            verification_status=org.verification_status,
            verified_by=org.verified_agency if org.is_verified else None,
            verified_at=org.verified_at.isoformat() if org.is_verified and org.verified_at else None,
            contacts=contacts,
            certifications=[CertificationOut.of(c) for c in queries.certifications_of(org)],
        )


class ProfileIn(Schema):
    """Any subset of the editable fields; values are checked by the directory, with messages in your language."""

    name: Any = None
    legal_name: Any = None
    province: Any = None
    city: Any = None
    description: Any = None
    description_language: Any = None
    languages: Any = None
    website: Any = None
    contact_name: Any = None
    contact_email: Any = None
    contact_phone: Any = None
    year_founded: Any = None
    employees: Any = None
    annual_sales: Any = None
    business_capital: Any = None
    sales_currency: Any = None
    isic: Any = None
    kbli: Any = None
    markets_served: Any = None


class IdentifierIn(Schema):
    scheme: str
    value: Any = ""


class CertificationPatch(Schema):
    type: Any = None
    number: Any = None
    issuer: Any = None
    valid_from: Any = None
    valid_until: Any = None


class ReviewIn(Schema):
    approve: bool
    reason: str = ""


class DecisionIn(Schema):
    decision: Literal["approve", "reject", "more_info"]
    reason: str = ""


class DeleteIn(Schema):
    confirm: str


class VerificationRequestOut(Schema):
    id: int
    organisation: str
    organisation_name: str
    economy: str
    status: str
    message: str
    reason: str
    agency: str
    submitted_at: str
    decided_at: str | None
    documents: int

    @staticmethod
    def of(r: VerificationRequest) -> VerificationRequestOut:
        return VerificationRequestOut(
            id=r.pk,
            organisation=r.organisation.slug,
            organisation_name=r.organisation.name,
            economy=r.organisation.economy_id,
            status=r.status,
            message=r.message,
            reason=r.reason,
            agency=r.agency,
            submitted_at=r.submitted_at.isoformat(),
            decided_at=r.decided_at.isoformat() if r.decided_at else None,
            documents=r.documents.count(),
        )


class SchemeOut(Schema):
    code: str
    economy: str
    name: str
    example: str


class CertificationTypeOut(Schema):
    code: str
    name: str
    issuer_hint: str
    economy: str | None


# Helpers -------------------------------------------------------------------------------------------------------


def _certification(org: Organisation, certification_id: int) -> Certification:
    certification = (
        org.certifications.select_related("type", "organisation").filter(pk=certification_id).first()
    )
    if certification is None:
        raise NotFound(_("This certification does not exist."))
    return certification


def _sent_fields(payload: Schema) -> dict[str, Any]:
    return payload.model_dump(exclude_unset=True)


# Reference lists -----------------------------------------------------------------------------------------------


@router.get("/identifier-schemes", response=list[SchemeOut])
def identifier_schemes(request: HttpRequest, economy: str | None = None) -> list[SchemeOut]:
    schemes = IdentifierScheme.objects.all()
    if economy:
        schemes = schemes.filter(economy_id=economy.upper())
    return [
        SchemeOut(code=s.code, economy=s.economy_id, name=localised(s.name, s.name_id), example=s.example)
        for s in schemes
    ]


@router.get("/certification-types", response=list[CertificationTypeOut])
def certification_types(request: HttpRequest) -> list[CertificationTypeOut]:
    return [
        CertificationTypeOut(
            code=t.code, name=localised(t.name, t.name_id), issuer_hint=t.issuer_hint, economy=t.economy_id
        )
        for t in CertificationType.objects.all()
    ]


# Profiles ------------------------------------------------------------------------------------------------------


@router.get("/organisations/{slug}", response=OrganisationOut)
def organisation(request: HttpRequest, slug: str) -> OrganisationOut:
    """A public profile; contact details only for a token whose user belongs to a verified organisation."""
    return OrganisationOut.of(queries.organisation_by_slug(slug), _optional_user(request))


@router.patch("/organisations/{slug}", response=OrganisationOut, auth=token)
def update_organisation(request: HttpRequest, slug: str, payload: ProfileIn) -> OrganisationOut:
    org = queries.organisation_by_slug(slug)
    actions.update_profile(token_user(request), org, _sent_fields(payload))
    return OrganisationOut.of(queries.organisation_by_slug(slug), token_user(request))


@router.delete("/organisations/{slug}", response={204: None}, auth=token)
def delete_organisation(request: HttpRequest, slug: str, payload: DeleteIn) -> Status[None]:
    """Owners only; ``confirm`` must be the trade name. Audit events are kept."""
    actions.delete_organisation(token_user(request), queries.organisation_by_slug(slug), payload.confirm)
    return Status(204, None)


@router.get("/organisations/{slug}/export", auth=token)
def export_organisation(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Everything Rantai holds about the organisation (owners only)."""
    return queries.export_organisation(token_user(request), queries.organisation_by_slug(slug))


# Identifiers ---------------------------------------------------------------------------------------------------


@router.get("/organisations/{slug}/identifiers", response=list[IdentifierOut], auth=token)
def identifiers(request: HttpRequest, slug: str) -> list[IdentifierOut]:
    org = queries.organisation_by_slug(slug)
    user = token_user(request)
    if not (can_act_for(user, org) or official_acts_for(user, org.economy_id)):
        raise NotAllowed(_("You are not a member of this organisation."))
    return [IdentifierOut.of(i) for i in org.identifiers.select_related("scheme")]


@router.post("/organisations/{slug}/identifiers", response={201: IdentifierOut}, auth=token)
def add_identifier(request: HttpRequest, slug: str, payload: IdentifierIn) -> Status[IdentifierOut]:
    org = queries.organisation_by_slug(slug)
    identifier = actions.set_identifier(token_user(request), org, payload.scheme, str(payload.value or ""))
    return Status(201, IdentifierOut.of(identifier))


@router.delete("/organisations/{slug}/identifiers/{identifier_id}", response={204: None}, auth=token)
def remove_identifier(request: HttpRequest, slug: str, identifier_id: int) -> Status[None]:
    actions.remove_identifier(token_user(request), queries.organisation_by_slug(slug), identifier_id)
    return Status(204, None)


# Certifications ------------------------------------------------------------------------------------------------


@router.get("/organisations/{slug}/certifications", response=list[CertificationOut])
def certifications(request: HttpRequest, slug: str) -> list[CertificationOut]:
    return [CertificationOut.of(c) for c in queries.certifications_of(queries.organisation_by_slug(slug))]


@router.post("/organisations/{slug}/certifications", response={201: CertificationOut}, auth=token)
def add_certification(request: HttpRequest, slug: str) -> Status[CertificationOut]:
    """Multipart form: ``type``, ``number``, ``issuer``, ``valid_from``, ``valid_until`` and ``document``."""
    org = queries.organisation_by_slug(slug)
    data = {name: request.POST[name] for name in actions.CERTIFICATION_FIELDS if name in request.POST}
    certification = actions.add_certification(token_user(request), org, data, request.FILES.get("document"))
    return Status(201, CertificationOut.of(certification))


@router.patch(
    "/organisations/{slug}/certifications/{certification_id}", response=CertificationOut, auth=token
)
def update_certification(
    request: HttpRequest, slug: str, certification_id: int, payload: CertificationPatch
) -> CertificationOut:
    org = queries.organisation_by_slug(slug)
    certification = _certification(org, certification_id)
    actions.update_certification(token_user(request), certification, _sent_fields(payload))
    return CertificationOut.of(_certification(org, certification_id))


@router.post(
    "/organisations/{slug}/certifications/{certification_id}/document", response=CertificationOut, auth=token
)
def replace_certification_document(
    request: HttpRequest, slug: str, certification_id: int
) -> CertificationOut:
    """Multipart form with ``document`` (PDF, JPEG or PNG, at most 5 MB)."""
    org = queries.organisation_by_slug(slug)
    upload = request.FILES.get("document")
    if upload is None:
        message = _("Choose a file to upload.")
        raise RantaiError(message, code="validation_error", fields={"document": [message]})
    actions.update_certification(token_user(request), _certification(org, certification_id), {}, upload)
    return CertificationOut.of(_certification(org, certification_id))


@router.delete("/organisations/{slug}/certifications/{certification_id}", response={204: None}, auth=token)
def delete_certification(request: HttpRequest, slug: str, certification_id: int) -> Status[None]:
    org = queries.organisation_by_slug(slug)
    actions.delete_certification(token_user(request), _certification(org, certification_id))
    return Status(204, None)


@router.post(
    "/organisations/{slug}/certifications/{certification_id}/review", response=CertificationOut, auth=token
)
def review_certification(
    request: HttpRequest, slug: str, certification_id: int, payload: ReviewIn
) -> CertificationOut:
    """Trade officials of the organisation's economy verify or refuse a certification."""
    org = queries.organisation_by_slug(slug)
    actions.review_certification(
        token_user(request), _certification(org, certification_id), approve=payload.approve, note=payload.reason
    )
    return CertificationOut.of(_certification(org, certification_id))


# Verification --------------------------------------------------------------------------------------------------


@router.get("/organisations/{slug}/verification", response=list[VerificationRequestOut], auth=token)
def verification_requests(request: HttpRequest, slug: str) -> list[VerificationRequestOut]:
    org = queries.organisation_by_slug(slug)
    user = token_user(request)
    if not (can_act_for(user, org) or official_acts_for(user, org.economy_id)):
        raise NotAllowed(_("You are not a member of this organisation."))
    return [VerificationRequestOut.of(r) for r in org.verification_requests.select_related("organisation")]


@router.post("/organisations/{slug}/verification", response={201: VerificationRequestOut}, auth=token)
def submit_verification(request: HttpRequest, slug: str) -> Status[VerificationRequestOut]:
    """Multipart form: ``message`` and any number of ``documents``. Answers a request for more information
    when one is open, otherwise opens a new request."""
    org = queries.organisation_by_slug(slug)
    user = token_user(request)
    message = request.POST.get("message", "")
    documents = request.FILES.getlist("documents")
    waiting = org.verification_requests.filter(status=VerificationRequest.Status.MORE_INFO).first()
    if waiting is not None:
        result = actions.resubmit_verification(user, waiting, message, documents)
    else:
        result = actions.submit_verification(user, org, message, documents)
    return Status(201, VerificationRequestOut.of(result))


@router.post("/verification-requests/{request_id}/decision", response=VerificationRequestOut, auth=token)
def decide_verification(request: HttpRequest, request_id: int, payload: DecisionIn) -> VerificationRequestOut:
    """Trade officials of the organisation's economy approve, reject (reason required) or ask for more."""
    user = token_user(request)
    verification = queries.request_for_review(user, request_id)
    if payload.decision == "approve":
        verification = actions.approve_verification(user, verification)
    elif payload.decision == "reject":
        verification = actions.reject_verification(user, verification, payload.reason)
    else:
        verification = actions.ask_for_more(user, verification, payload.reason)
    return VerificationRequestOut.of(verification)


@router.get("/official/queue", response=list[VerificationRequestOut], auth=token)
def official_queue(request: HttpRequest) -> list[VerificationRequestOut]:
    return [VerificationRequestOut.of(r) for r in queries.verification_queue(token_user(request))]
