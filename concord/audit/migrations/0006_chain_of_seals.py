"""The audit log without a global lock: events under a keyed MAC, sealed in batches (concord.audit.models).

Events written before this migration get their MAC now and are sealed as seal 1 (trusted as they stand: the old
unkeyed chain could have been rewritten by whoever held the database, and `verify_audit` should be run before
upgrading). On PostgreSQL a trigger records each event's transaction id, which tells a seal which events it takes.
"""

from django.db import migrations, models

TRIGGER = """
CREATE OR REPLACE FUNCTION concord_audit_txid() RETURNS trigger AS $$
BEGIN
    NEW.txid := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_txid BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION concord_audit_txid();
"""
PAYLOAD_FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "case_id",
    "ip_address",
    "details",
)
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS audit_auditevent_txid ON audit_auditevent;
DROP FUNCTION IF EXISTS concord_audit_txid();
"""


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


def seal_existing(apps, schema_editor):
    from django.utils import timezone

    from concord.audit import checkpoints
    from concord.audit.models import GENESIS_MAC, AuditEvent, AuditSeal, SealTally

    stored = apps.get_model("audit", "AuditEvent")
    seals = apps.get_model("audit", "AuditSeal")
    postgres = schema_editor.connection.vendor == "postgresql"
    seals.objects.create(
        number=0,
        sealed_at=timezone.now(),
        txid_from=0 if postgres else None,
        txid_to=0 if postgres else None,
        digest=GENESIS_MAC,
        previous_mac=GENESIS_MAC,
        mac=GENESIS_MAC,
    )
    tally = SealTally()
    batch = []
    for row in stored.objects.order_by("pk").values(*PAYLOAD_FIELDS).iterator(chunk_size=5000):
        mac = AuditEvent(**row).compute_mac()
        batch.append(stored(id=row["id"], mac=mac))
        tally.add(row["id"], mac)
        if len(batch) == 5000:
            stored.objects.bulk_update(batch, ["mac"])
            batch = []
    stored.objects.bulk_update(batch, ["mac"])
    if not tally.count:
        return
    seal = AuditSeal(
        number=1,
        sealed_at=timezone.now(),
        id_from=0,
        id_to=tally.largest,
        count=tally.count,
        digest=tally.hexdigest(),
        previous_mac=GENESIS_MAC,
    )
    seal.mac = seal.compute_mac()
    seals.objects.create(**{field.attname: getattr(seal, field.attname) for field in AuditSeal._meta.concrete_fields})
    checkpoints.write(seal)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_action_codes_registered")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="txid",
            field=models.BigIntegerField(db_index=True, editable=False, null=True),
        ),
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(editable=False, unique=True)),
                ("sealed_at", models.DateTimeField(editable=False)),
                ("txid_from", models.BigIntegerField(editable=False, null=True)),
                ("txid_to", models.BigIntegerField(editable=False, null=True)),
                ("id_from", models.BigIntegerField(default=0, editable=False)),
                ("id_to", models.BigIntegerField(default=0, editable=False)),
                ("count", models.PositiveBigIntegerField(default=0, editable=False)),
                ("digest", models.CharField(editable=False, max_length=64)),
                ("previous_mac", models.CharField(editable=False, max_length=64)),
                ("mac", models.CharField(editable=False, max_length=64)),
            ],
            options={
                "verbose_name": "audit seal",
                "verbose_name_plural": "audit seals",
                "ordering": ["number"],
            },
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["-pk"], "verbose_name": "audit event", "verbose_name_plural": "audit events"},
        ),
        migrations.RemoveField(model_name="auditevent", name="sequence"),
        migrations.RemoveField(model_name="auditevent", name="previous_hash"),
        migrations.RemoveField(model_name="auditevent", name="hash"),
        migrations.DeleteModel(name="AuditChainHead"),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
