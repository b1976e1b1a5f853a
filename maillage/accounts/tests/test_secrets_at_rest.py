"""TOTP keys are stored encrypted and recovery codes hashed: raw SQL shows neither."""

from django.db import connection

from maillage.accounts import services
from maillage.accounts.models import EncryptedTOTPDevice, RecoveryCode, RecoveryCodeDevice
from maillage.accounts.testing import totp_device_for


def _raw_rows(model) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - table name from the model
        return repr(cursor.fetchall()).lower()


def test_raw_sql_does_not_show_the_totp_key(coordinator):
    device = totp_device_for(coordinator)
    secret_hex = device.bin_key.hex()
    import base64

    secret_b32 = base64.b32encode(device.bin_key).decode().rstrip("=").lower()
    rows = _raw_rows(EncryptedTOTPDevice)
    assert str(device.pk) in rows  # the row is there…
    assert secret_hex not in rows  # …but not its key, in any encoding
    assert secret_b32 not in rows


def test_raw_sql_does_not_show_the_recovery_codes(coordinator):
    codes = services.recovery_codes_generate(user=coordinator)
    rows = _raw_rows(RecoveryCode) + _raw_rows(RecoveryCodeDevice)
    assert RecoveryCode.objects.count() == len(codes)
    for code in codes:
        assert code.lower() not in rows
        assert code.replace("-", "").lower() not in rows
    # The codes still work, once each.
    assert services.verify_second_factor(coordinator, codes[0]) is not None
    assert services.verify_second_factor(coordinator, codes[0]) is None
