"""Split the write grant in two, and keep the history of her limits.

Existing "write" grants keep their value and become "Log sessions and outcomes": that
is what the invitation promised ("lets her log sessions and outcomes"), so no grant
gains the new right to loosen a limit without the client choosing it. No row changes.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_alter_caregrant_options_caregrant_accepted_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LimitChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("actor_name", models.CharField(max_length=100)),
                (
                    "created",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("zone", "Body-map zone"),
                            ("ban", "Banned technique"),
                            ("tolerance", "Flare limit"),
                            ("prone", "Time face down"),
                        ],
                        max_length=10,
                    ),
                ),
                ("subject", models.CharField(blank=True, max_length=80)),
                ("before", models.JSONField(blank=True, null=True)),
                ("after", models.JSONField(blank=True, null=True)),
                ("loosened", models.BooleanField(default=False)),
            ],
            options={
                "ordering": ["-created", "-pk"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="caregrant",
            name="grant_access_valid",
        ),
        migrations.AlterField(
            model_name="caregrant",
            name="access",
            field=models.CharField(
                choices=[
                    ("read", "Read only"),
                    ("write", "Log sessions and outcomes"),
                    ("limits", "Log sessions and outcomes, and edit limits"),
                ],
                default="read",
                max_length=8,
            ),
        ),
        migrations.AddConstraint(
            model_name="caregrant",
            constraint=models.CheckConstraint(
                condition=models.Q(("access__in", ["read", "write", "limits"])),
                name="grant_access_valid",
            ),
        ),
        migrations.AddField(
            model_name="limitchange",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="limitchange",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="limit_changes",
                to="clients.clientprofile",
            ),
        ),
        migrations.AddField(
            model_name="limitchange",
            name="undoes",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="undone_by",
                to="clients.limitchange",
            ),
        ),
        migrations.AddConstraint(
            model_name="limitchange",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["zone", "ban", "tolerance", "prone"])),
                name="limitchange_kind_valid",
            ),
        ),
    ]
