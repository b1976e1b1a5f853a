"""Unique keys and the name index of the directory without their `varchar_pattern_ops` LIKE
twins (a field's unique=True or db_index=True adds one on PostgreSQL; no query does a prefix LIKE
on these columns, and the national import had to maintain or rebuild them: issue 4, speed)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('directory', '0004_fewer_import_indexes_fields'),
    ]

    operations = [
        migrations.AlterField(
            model_name='activity',
            name='import_key',
            field=models.CharField(blank=True, max_length=80, null=True),
        ),
        migrations.AlterField(
            model_name='professional',
            name='national_id',
            field=models.CharField(blank=True, max_length=12, null=True, verbose_name='identification nationale'),
        ),
        migrations.AlterField(
            model_name='professional',
            name='search_name',
            field=models.CharField(max_length=250),
        ),
        migrations.AddIndex(
            model_name='professional',
            index=models.Index(fields=['search_name'], name='directory_pro_search_name'),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.UniqueConstraint(fields=('import_key',), name='activity_import_key_key'),
        ),
        migrations.AddConstraint(
            model_name='professional',
            constraint=models.UniqueConstraint(fields=('national_id',), name='professional_national_id_key'),
        ),
    ]
