from django.db import migrations


def create_groups(apps, schema_editor):
    """The Editors and Authors groups, with the permissions that exist now.

    On a new database Django creates permissions only after all migrations
    have run, so they are created here first for the apps migrated so far;
    accounts.apps grants the rest after every migrate.
    """
    from django.contrib.auth.management import create_permissions

    from accounts.roles import grant_role_permissions

    alias = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=alias)
        app_config.models_module = None
    grant_role_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), using=alias)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0002_editorial_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
