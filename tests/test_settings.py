import importlib
import re
from pathlib import Path

import pytest

import baocao.settings as real_settings


def test_passwords_are_hashed_with_argon2():
    assert real_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_vietnamese_is_the_default_and_the_time_is_vietnams():
    assert real_settings.LANGUAGE_CODE == "vi"
    assert real_settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in real_settings.LANGUAGES] == ["vi", "en"]


def test_database_url_switches_to_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/baocao")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    try:
        module = importlib.reload(real_settings)
        assert module.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert module.DATABASES["default"]["NAME"] == "baocao"
    finally:
        monkeypatch.undo()
        importlib.reload(real_settings)


def test_sqlite_is_the_default(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    try:
        module = importlib.reload(real_settings)
        assert module.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    finally:
        monkeypatch.undo()
        importlib.reload(real_settings)


def test_every_setting_read_from_the_environment_is_documented():
    source = Path(real_settings.__file__).read_text()
    names = set(re.findall(r'env(?:bool|int|list)?\("([A-Z_]+)"', source))
    docs = (Path(real_settings.BASE_DIR) / "docs" / "settings.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", docs, flags=re.M))
    assert names, "no setting found"
    assert names - documented == set(), "undocumented settings"
    assert documented - names == set(), "documented settings that do not exist"


def _reloaded(monkeypatch, **environ):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(real_settings)


def test_redis_url_puts_the_queue_and_the_cache_on_redis(monkeypatch):
    try:
        module = _reloaded(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/8")
        assert module.HUEY["huey_class"] == "huey.RedisHuey"
        assert module.HUEY["url"] == "redis://127.0.0.1:6379/8"
        assert module.CACHES["default"]["BACKEND"].endswith("RedisCache")
    finally:
        monkeypatch.undo()
        importlib.reload(real_settings)


def test_without_redis_the_queue_is_a_sqlite_file(monkeypatch, tmp_path):
    try:
        monkeypatch.delenv("REDIS_URL", raising=False)
        data = tmp_path / "new" / "data"
        module = _reloaded(monkeypatch, BAOCAO_DATA_DIR=str(data), SECRET_KEY="x" * 60)
        assert module.HUEY["huey_class"] == "huey.SqliteHuey"
        assert module.HUEY["filename"] == f"{data}/huey.sqlite3"
        assert data.is_dir()  # made, even with the secret key given
        assert module.CACHES["default"]["BACKEND"].endswith("FileBasedCache")
    finally:
        monkeypatch.undo()
        importlib.reload(real_settings)


def test_files_go_to_a_directory_by_default(monkeypatch, tmp_path):
    try:
        module = _reloaded(monkeypatch, BAOCAO_DATA_DIR=str(tmp_path), SECRET_KEY="x" * 60,
                           BAOCAO_FILES_DIR="/mnt/shared/baocao")
        assert module.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
        assert str(module.MEDIA_ROOT) == "/mnt/shared/baocao"
    finally:
        monkeypatch.undo()
        importlib.reload(real_settings)


def test_files_on_s3_compatible_storage(monkeypatch):
    try:
        module = _reloaded(monkeypatch, BAOCAO_FILE_STORAGE="s3", BAOCAO_S3_BUCKET="baocao",
                           BAOCAO_S3_ENDPOINT_URL="https://s3.example.gov.vn")
        default = module.STORAGES["default"]
        assert default["BACKEND"] == "storages.backends.s3.S3Storage"
        assert default["OPTIONS"]["bucket_name"] == "baocao"
        assert default["OPTIONS"]["endpoint_url"] == "https://s3.example.gov.vn"
        assert default["OPTIONS"]["default_acl"] == "private"
    finally:
        monkeypatch.undo()
        importlib.reload(real_settings)


def test_an_unknown_file_storage_is_refused(monkeypatch):
    try:
        from django.core.exceptions import ImproperlyConfigured

        with pytest.raises(ImproperlyConfigured, match="BAOCAO_FILE_STORAGE"):
            _reloaded(monkeypatch, BAOCAO_FILE_STORAGE="ftp")
    finally:
        monkeypatch.undo()
        importlib.reload(real_settings)


def test_a_boolean_with_a_typo_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from baocao.lib.env import envbool, envint

    monkeypatch.setenv("BAOCAO_TEST_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="BAOCAO_TEST_FLAG"):
        envbool("BAOCAO_TEST_FLAG", False)
    monkeypatch.setenv("BAOCAO_TEST_FLAG", "Off")
    assert envbool("BAOCAO_TEST_FLAG", True) is False
    monkeypatch.setenv("BAOCAO_TEST_NUMBER", "12a")
    with pytest.raises(ImproperlyConfigured, match="BAOCAO_TEST_NUMBER"):
        envint("BAOCAO_TEST_NUMBER", 1)


def test_a_secret_may_come_from_a_file(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from baocao.lib.env import env

    secret = tmp_path / "seal"
    secret.write_text("mat-khau-dau\n")
    monkeypatch.delenv("BAOCAO_SEAL_PASSWORD", raising=False)
    monkeypatch.setenv("BAOCAO_SEAL_PASSWORD_FILE", str(secret))
    assert env("BAOCAO_SEAL_PASSWORD") == "mat-khau-dau"
    monkeypatch.setenv("BAOCAO_SEAL_PASSWORD", "tu-bien")  # the variable itself wins
    assert env("BAOCAO_SEAL_PASSWORD") == "tu-bien"
    monkeypatch.delenv("BAOCAO_SEAL_PASSWORD")
    monkeypatch.setenv("BAOCAO_SEAL_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="BAOCAO_SEAL_PASSWORD_FILE"):
        env("BAOCAO_SEAL_PASSWORD")
