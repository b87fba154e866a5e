from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concord.common.registry import CodeRegistry


class RiskLevel(models.IntegerChoices):
    """The one shared risk scale a case's standing level is on, so that levels from different instruments compare
    (the risk module computes it; referrals, groups and protection read it)."""

    NONE = 0, pgettext_lazy("risk level", "None identified")
    LOW = 1, pgettext_lazy("risk level", "Low")
    MEDIUM = 2, pgettext_lazy("risk level", "Medium")
    HIGH = 3, pgettext_lazy("risk level", "High")
    EXTREME = 4, pgettext_lazy("risk level", "Extreme")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


# Which status changes are allowed; closing goes through a supervisor's approval (see services.case_close).
CASE_TRANSITIONS = {
    CaseStatus.OPEN: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
    CaseStatus.ACTIVE: {CaseStatus.CLOSED},
    CaseStatus.CLOSED: {CaseStatus.REOPENED},
    CaseStatus.REOPENED: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
}


class ParticipantRole(models.TextChoices):
    SURVIVOR = "survivor", _("Survivor")
    ALLEGED_PERPETRATOR = "alleged_perpetrator", _("Alleged perpetrator")
    CHILD = "child", _("Child")
    HOUSEHOLD_MEMBER = "household_member", _("Other household member")


class Relationship(models.TextChoices):
    """Relationship of a participant to the survivor: the GBVIMS perpetrator relationships (DOMAIN.md §2), with the
    family refined for domestic violence (in-laws count: the national laws name the spouse's relatives)."""

    SPOUSE = "spouse", _("Spouse")
    FORMER_SPOUSE = "former_spouse", _("Former spouse")
    PARTNER = "partner", _("Partner (not married)")
    FORMER_PARTNER = "former_partner", _("Former partner")
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    UNCLE_AUNT = "uncle_aunt", _("Uncle or aunt")
    COUSIN = "cousin", _("Cousin")
    PARENT_IN_LAW = "parent_in_law", _("Parent-in-law")
    SIBLING_IN_LAW = "sibling_in_law", _("Brother- or sister-in-law")
    CHILD_IN_LAW = "child_in_law", _("Son- or daughter-in-law")
    OTHER_IN_LAW = "other_in_law", _("Other relative by marriage")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    CAREGIVER = "caregiver", _("Caregiver or guardian")
    HOUSEMATE = "housemate", _("Lives in the same home (not family)")
    FAMILY_FRIEND = "family_friend", _("Family friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    EMPLOYER = "employer", _("Employer or supervisor at work")
    COWORKER = "coworker", _("Colleague")
    TEACHER = "teacher", _("Teacher or school staff")
    SCHOOLMATE = "schoolmate", _("Schoolmate")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    ARMED_ACTOR = "armed_actor", _("Police, military or other armed person")
    COMMUNITY_MEMBER = "community_member", _("Other member of the community")
    OTHER_KNOWN = "other_known", _("Other known person")
    STRANGER = "stranger", _("Stranger")
    UNKNOWN = "unknown", _("Not known")


INTIMATE_PARTNER_RELATIONSHIPS = {
    Relationship.SPOUSE,
    Relationship.FORMER_SPOUSE,
    Relationship.PARTNER,
    Relationship.FORMER_PARTNER,
}
FAMILY_RELATIONSHIPS = {
    Relationship.PARENT,
    Relationship.STEP_PARENT,
    Relationship.CHILD,
    Relationship.SIBLING,
    Relationship.GRANDPARENT,
    Relationship.UNCLE_AUNT,
    Relationship.COUSIN,
    Relationship.PARENT_IN_LAW,
    Relationship.SIBLING_IN_LAW,
    Relationship.CHILD_IN_LAW,
    Relationship.OTHER_IN_LAW,
    Relationship.OTHER_RELATIVE,
    Relationship.CAREGIVER,
}


class ViolenceAct(models.TextChoices):
    """What happened, as acts. The GBVIMS core type is derived from these (classification.py), never typed."""

    PENETRATION = "penetration", _("Rape (non-consensual penetration)")
    ATTEMPTED_RAPE = "attempted_rape", _("Attempted rape")
    SEXUAL_TOUCHING = "sexual_touching", _("Unwanted sexual touching or kissing")
    FGM = "fgm", _("Female genital mutilation or cutting")
    HITTING = "hitting", _("Hitting, kicking, pushing")
    STRANGULATION = "strangulation", _("Strangulation or choking")
    BURNING = "burning", _("Burning or acid attack")
    WEAPON_ATTACK = "weapon_attack", _("Attack with a weapon")
    CONFINEMENT = "confinement", _("Locking in or confinement")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    DENIAL_OF_RESOURCES = "denial_of_resources", _("Denial of money, resources or services")
    DENIAL_OF_EDUCATION = "denial_of_education", _("Denial of education or work")
    THREATS = "threats", _("Threats, including threats to kill")
    HUMILIATION = "humiliation", _("Insults and humiliation")
    ISOLATION = "isolation", _("Isolation and control")
    STALKING = "stalking", _("Stalking or harassment")
    DESTRUCTION = "destruction", _("Destruction of property or cherished items")
    # Recorded like the others, and counted as "not GBV" when nothing else applies (DOMAIN.md §2).
    OTHER_HARM = "other_harm", _("Another harmful act, none of the above")


class GbvType(models.TextChoices):
    RAPE = "rape", _("Rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    PHYSICAL_ASSAULT = "physical_assault", _("Physical assault")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    DENIAL_OF_RESOURCES = "denial_of_resources", _("Denial of resources, opportunities or services")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological or emotional abuse")
    NOT_GBV = "not_gbv", _("Not GBV")


class CaseContext(models.TextChoices):
    """The contexts of an incident (DOMAIN.md §2). Not exclusive: a girl married off at 17 and hit by her husband
    is in an intimate-partner context and a child-marriage context at once."""

    INTIMATE_PARTNER = "intimate_partner", _("Intimate partner violence")
    OTHER_FAMILY = "other_family", _("Violence by another family member")
    CHILD_SEXUAL_ABUSE = "child_sexual_abuse", _("Child sexual abuse")
    CHILD_MARRIAGE = "child_marriage", _("Early or child marriage")
    OTHER = "other", _("Other")


class PlaceType(models.TextChoices):
    SURVIVOR_HOME = "survivor_home", _("Survivor's home")
    PERPETRATOR_HOME = "perpetrator_home", _("Perpetrator's home")
    SHARED_HOME = "shared_home", _("Shared home")
    RELATIVES_HOME = "relatives_home", _("Relatives' home")
    SCHOOL = "school", _("School")
    WORKPLACE = "workplace", _("Workplace")
    STREET = "street", _("Street or public place")
    HEALTH_FACILITY = "health_facility", _("Health facility")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class Injury(models.TextChoices):
    NONE = "none", _("No visible injury")
    MINOR = "minor", _("Minor injury")
    SERIOUS = "serious", _("Serious injury")
    LIFE_THREATENING = "life_threatening", _("Life-threatening injury")
    # Recorded when the survivor died of the violence: the statistics count femicides from it (DOMAIN.md §5).
    FATAL = "fatal", _("Fatal: the survivor died")
    UNKNOWN = "unknown", _("Not known")


class Weapon(models.TextChoices):
    NONE = "none", _("No weapon")
    FIREARM = "firearm", _("Firearm")
    KNIFE = "knife", _("Knife or blade")
    BLUNT = "blunt", _("Blunt object")
    OTHER = "other", _("Other weapon")
    UNKNOWN = "unknown", _("Not known")


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Receiving services")
    INFORMATION_SHARING = "information_sharing", _("Sharing information")
    STATISTICS = "statistics", _("Anonymised statistics")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal")
    WRITTEN = "written", _("Written")


class ConsentGiver(models.TextChoices):
    SELF = "self", _("The person")
    CAREGIVER = "caregiver", _("A caregiver")


class LegalException(models.TextChoices):
    """Grounds to share without consent (DESIGN.md, Consent); each needs a written justification."""

    IMMINENT_RISK = "imminent_risk", _("Imminent risk to life")
    CHILD_PROTECTION = "child_protection", _("Child protection (mandatory reporting)")
    HIGH_RISK_PROTOCOL = "high_risk_protocol", _("High-risk case under the country's protocol")


class InvolvementBasis(models.TextChoices):
    OWNER = "owner", _("Owning agency")
    REFERRAL = "referral", _("Referral")
    SHARE = "share", _("Shared")


class AttachmentKind(models.TextChoices):
    POLICE_REPORT = "police_report", _("Police report")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    COURT_DOCUMENT = "court_document", _("Court document")
    PHOTO = "photo", _("Photograph")
    CONSENT_FORM = "consent_form", _("Signed consent form")
    OTHER = "other", _("Other document")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")


# Every kind a timeline entry may be of: the case register's (TimelineKind) and those modules register in their
# AppConfig.ready(), so that a module adds entries to a case's timeline without a migration in cases.
timeline_kinds = CodeRegistry("timeline kind")


class TimelineKind(models.TextChoices):
    CASE_OPENED = "case_opened", _("Case opened")
    PARTICIPANT_ADDED = "participant_added", _("Person added")
    INCIDENT_RECORDED = "incident_recorded", _("Incident recorded")
    NOTE_ADDED = "note_added", _("Note added")
    ATTACHMENT_ADDED = "attachment_added", _("Document uploaded")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    CASE_SHARED = "case_shared", _("Case shared")
    STATUS_CHANGED = "status_changed", _("Status changed")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSURE_APPROVED = "closure_approved", _("Closure approved")
    CLOSURE_REJECTED = "closure_rejected", _("Closure rejected")
    LEAD_WORKER_CHANGED = "lead_worker_changed", _("Lead worker changed")
    BREAK_GLASS = "break_glass", _("Emergency access opened")
    PLAN_GOAL_ADDED = "plan_goal_added", _("Plan goal added")
    PLAN_TASK_ADDED = "plan_task_added", _("Plan task added")
    PLAN_TASK_STATUS = "plan_task_status", _("Plan task updated")
    PLAN_SUBMITTED = "plan_submitted", _("Plan sent for approval")
    PLAN_APPROVED = "plan_approved", _("Plan approved")
    CASE_MOVED = "case_moved", _("Case moved to another district")
    PERSON_MERGED = "person_merged", _("Two records of a person merged")
    PERSON_UNMERGED = "person_unmerged", _("Merge of a person's records undone")


class ConsentRequirement(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver's consent")
    CAREGIVER_AND_ASSENT = "caregiver_and_assent", _("Caregiver's consent and the child's assent")
    CHILD_AND_CAREGIVER = "child_and_caregiver", _("The young person's consent and the caregiver's")
    SELF = "self", _("The person's own consent")


class CaseAuditAction(models.TextChoices):
    """Audit codes of the case register (registered with concord.audit.choices.audit_actions)."""

    CASE_OPENED = "case_opened", _("Case opened")
    CASE_VIEWED = "case_viewed", _("Case viewed")
    CASE_CHANGED = "case_changed", _("Case changed")
    CASE_STATUS_CHANGED = "case_status_changed", _("Case status changed")
    CASE_SHARED = "case_shared", _("Case shared with an agency")
    CASE_EXPORTED = "case_exported", _("Case data exported")
    PERSON_VIEWED = "person_viewed", _("Person viewed")
    DOCUMENT_DOWNLOADED = "document_downloaded", _("Document downloaded")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    BREAK_GLASS = "break_glass", _("Emergency access to a case")
    CASE_MOVED = "case_moved", _("Case moved to another district")
    PERSONS_MATCHED = "persons_matched", _("People searched for possible duplicates")
    PERSONS_MERGED = "persons_merged", _("Two records of one person merged")
    PERSONS_UNMERGED = "persons_unmerged", _("Merge of two records undone")
    DUPLICATE_DISMISSED = "duplicate_dismissed", _("Possible duplicate dismissed")


class CaseNotification(models.TextChoices):
    """Notification kinds of the case register (registered with notifications.choices.notification_kinds)."""

    BREAK_GLASS = "break_glass", _("Emergency access to a case")
    CLOSURE_REQUESTED = "closure_requested", _("Case closure awaits your approval")
    PLAN_SUBMITTED = "plan_submitted", _("Case plan awaits your approval")
    CASE_SHARED = "case_shared", _("A case was shared with your agency")
    PERSON_MERGED = "person_merged", _("A person in your case was merged with another record of her or him")
    PERSON_UNMERGED = "person_unmerged", _("A merge of records of a person in your case was undone")
    DUPLICATES_FOUND = "duplicates_found", _("People your agency registered may be registered twice")
