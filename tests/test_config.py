"""Settings: each source, their precedence, one-line errors, and a key that never shows."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from seekrflow_mcp.config import ConfigError, Settings, load_settings, setting_source

KEY = "sk-live-abcdef0123456789"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SEEKR_API_KEY", "SEEKR_API_KEY_FILE", "SEEKR_BASE_URL", "SEEKR_TEAM_ID"):
        monkeypatch.delenv(name, raising=False)
    import os

    for name in list(os.environ):
        if name.startswith("SEEKRFLOW_MCP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_defaults() -> None:
    s = load_settings()
    assert (s.api_key, s.base_url, s.read_timeout, s.retries, s.read_only, s.log_level) == (
        None,
        "https://flow.seekr.com",
        30.0,
        3,
        False,
        "WARNING",
    )


def test_each_source_and_the_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    toml = write(tmp_path / "c.toml", 'read_timeout = 11\nretries = 1\nconnect_timeout = 2\nteam_id = "from-toml"\n')
    assert load_settings(toml).read_timeout == 11  # file over default
    monkeypatch.setenv("SEEKRFLOW_MCP_READ_TIMEOUT", "22")
    monkeypatch.setenv("SEEKR_TEAM_ID", "from-env")
    s = load_settings(toml, {"read_timeout": 33.0})
    assert (s.read_timeout, s.team_id, s.retries, s.connect_timeout) == (33.0, "from-env", 1, 2.0)
    assert load_settings(toml).read_timeout == 22  # environment over file


def test_the_xdg_file_is_read_when_present(tmp_path: Path) -> None:
    write(tmp_path / "xdg" / "seekrflow-mcp" / "config.toml", "read_only = true\n")
    assert load_settings().read_only is True


def test_sdk_variables_and_a_trailing_v1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEEKR_API_KEY", KEY)
    monkeypatch.setenv("SEEKR_BASE_URL", "https://flow.example.com/v1/")
    s = load_settings()
    assert s.base_url == "https://flow.example.com"
    assert s.client_options().api_key.get_secret_value() == KEY


@pytest.mark.parametrize(
    ("env", "toml", "message"),
    [
        (
            {"SEEKRFLOW_MCP_READ_TIMEOUT": "-1"},
            None,
            "Setting read_timeout from the environment (SEEKRFLOW_MCP_READ_TIMEOUT): Input should be greater than 0.",
        ),
        (
            {"SEEKR_BASE_URL": "flow.seekr.com"},
            None,
            "Setting base_url from the environment (SEEKR_BASE_URL): must be an http(s) URL such as https://flow.seekr.com.",
        ),
        ({"SEEKRFLOW_MCP_RETRYS": "2"}, None, "Unknown setting SEEKRFLOW_MCP_RETRYS in the environment; known: "),
        (
            {},
            "timeout = 3\n",
            "Unknown setting 'timeout' in {toml}; known settings: allowed_hosts, allowed_origins, api_key, api_key_file, ",
        ),
        ({}, "retries = 'many'\n", "Setting retries from {toml}: Input should be a valid integer"),
        ({}, "retries = [\n", "Config file {toml} is not valid TOML: "),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_its_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], toml: str | None, message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = write(tmp_path / "bad.toml", toml) if toml is not None else None
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    text = str(caught.value)
    assert text.startswith(message.format(toml=path))
    assert "\n" not in text


def test_a_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^Config file .*nope.toml does not exist \(given with --config\)\.$"):
        load_settings(tmp_path / "nope.toml")


def test_no_key_says_what_to_do() -> None:
    with pytest.raises(ConfigError, match="No SeekrFlow API key: set SEEKR_API_KEY"):
        load_settings().client_options()


def test_the_key_never_shows(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SEEKR_API_KEY", KEY)
    s = load_settings()
    caplog.set_level(logging.DEBUG)
    logging.getLogger("test").info("settings: %s %r", s, s)
    opts = s.client_options()
    shown = repr(s) + str(s) + repr(opts) + str(opts) + caplog.text + s.model_dump_json()
    assert KEY not in shown
    assert "**********" in repr(s)


def test_a_bad_key_value_is_not_echoed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    toml = write(tmp_path / "c.toml", f'api_key = ["{KEY}"]\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(toml)
    assert KEY not in str(caught.value)


def test_the_command_line_reports_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    env = {"PATH": "", "HOME": str(tmp_path), "SEEKRFLOW_MCP_RETRIES": "99"}
    done = subprocess.run(
        [sys.executable, "-m", "seekrflow_mcp.cli", "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "seekrflow-mcp: Setting retries from the environment (SEEKRFLOW_MCP_RETRIES): "
        "Input should be less than or equal to 10.\n"
    )


def test_settings_are_immutable() -> None:
    with pytest.raises(ValidationError, match="frozen"):
        Settings().retries = 5  # type: ignore[misc]


def test_the_example_file_names_every_setting_with_its_default(tmp_path: Path) -> None:
    example = (Path(__file__).resolve().parents[1] / "config.example.toml").read_text()
    # Settings with no default are shown with an example value.
    unset = tuple(f"{field} = " for field, info in Settings.model_fields.items() if info.default is None)
    lines = [line.removeprefix("# ") for line in example.splitlines() if " = " in line]
    lines = [line for line in lines if not line.startswith(unset)]
    s = load_settings(write(tmp_path / "all.toml", "\n".join(lines) + "\n"))
    assert s == Settings()
    for field in Settings.model_fields:
        assert f"# {field} = " in example


# -- values sent as HTTP headers: the API key (Authorization) and the team id (x-team-id) ------

HEADER_SETTINGS = [("api_key", "SEEKR_API_KEY", None), ("team_id", "SEEKR_TEAM_ID", "--team-id")]


@pytest.mark.parametrize(
    ("value", "what"),
    [
        (f"{KEY[:6]}\u00a0{KEY[6:]}", "a non-breaking space (U+00A0) at position 7"),
        (f"\u200b{KEY}", "a zero-width space (U+200B) at position 1"),
        (f"{KEY[:3]}\t{KEY[3:]}", "a tab (U+0009) at position 4"),
        (f"{KEY}\r\n{KEY}", f"a carriage return (U+000D) at position {len(KEY) + 1} (and 1 more like it)"),
        (f"{KEY}\u00a0", f"a non-breaking space (U+00A0) at position {len(KEY) + 1}"),
        (f"  {KEY}\u2019", f"a right single quotation mark (U+2019) at position {len(KEY) + 3}"),
        (f"{KEY[:2]}\x7f{KEY[2:]}", "a control character (U+007F) at position 3"),
    ],
)
@pytest.mark.parametrize(("field", "variable", "flag"), HEADER_SETTINGS)
def test_a_value_no_http_header_can_carry_is_named_by_position_from_every_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str, what: str, field: str, variable: str, flag: str | None
) -> None:
    expected = f"contains {what}, which an HTTP header cannot carry; type or copy the value again."
    toml = write(tmp_path / "c.toml", f"{field} = {json.dumps(value)}\n")
    sources = [(toml, {}, f"Setting {field} from {toml}: ")]
    if flag:
        sources.append((None, {field: value}, f"Setting {field} from the command line ({flag}): "))
    for config, overrides, prefix in sources:
        with pytest.raises(ConfigError) as caught:
            load_settings(config, overrides)
        assert str(caught.value) == prefix + expected
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value) == f"Setting {field} from the environment ({variable}): {expected}"
    assert KEY not in str(caught.value)


@pytest.mark.parametrize("value", [f"{KEY}\n", f"{KEY}\r\n", f" {KEY}\t", f"\n\n{KEY} \r\n"])
@pytest.mark.parametrize(("field", "variable", "flag"), HEADER_SETTINGS)
def test_whitespace_around_a_header_value_is_dropped(
    monkeypatch: pytest.MonkeyPatch, value: str, field: str, variable: str, flag: str | None
) -> None:
    # HTTP drops it anyway, and a secret file's trailing newline is the usual way it gets there.
    monkeypatch.setenv(variable, value)
    s = load_settings()
    got = s.api_key.get_secret_value() if field == "api_key" and s.api_key else s.team_id
    assert got == KEY


def test_a_key_of_only_whitespace_is_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEEKR_API_KEY", " \r\n")
    with pytest.raises(ConfigError, match=r"^No SeekrFlow API key"):
        load_settings().client_options()


def test_a_config_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert str(caught.value) == (
        f"Config file {tmp_path} is a directory (given with --config); name the TOML file in it."
    )


def test_a_config_file_that_is_not_text_is_named(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"retries = 1\n\xff\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == f"Config file {path} cannot be read: it is not UTF-8 text (byte 13)."


def test_where_a_setting_came_from(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    toml = write(tmp_path / "c.toml", 'base_url = "http://from-toml.test"\n')
    assert setting_source("base_url") == "the default"
    assert setting_source("base_url", toml) == str(toml)
    monkeypatch.setenv("SEEKR_BASE_URL", "http://from-env.test")
    assert setting_source("base_url", toml) == "the environment (SEEKR_BASE_URL)"
    assert setting_source("base_url", toml, {"base_url": "http://cli.test"}) == "the command line (--base-url)"


def test_upload_roots_are_separated_like_path_and_must_be_existing_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b, with a comma").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    both = os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b, with a comma"), str(tmp_path / "link")])
    monkeypatch.setenv("SEEKRFLOW_MCP_UPLOAD_ROOTS", both)
    # Each folder as its real path, once.
    assert load_settings().upload_roots == [tmp_path / "a", tmp_path / "b, with a comma"]
    monkeypatch.setenv("SEEKRFLOW_MCP_UPLOAD_ROOTS", f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'gone'}")
    with pytest.raises(ConfigError) as missing:
        load_settings()
    assert str(missing.value) == (
        f"Setting upload_roots from the environment (SEEKRFLOW_MCP_UPLOAD_ROOTS): {tmp_path / 'gone'} is not an "
        "existing folder."
    )
    monkeypatch.delenv("SEEKRFLOW_MCP_UPLOAD_ROOTS")
    with pytest.raises(ConfigError, match="relative is not an absolute path"):
        load_settings(write(tmp_path / "c.toml", 'upload_roots = ["relative"]\n'))


# -- the key from a file (SEEKR_API_KEY_FILE) ---------------------------------------------------


def test_the_key_file_is_read_at_each_start_whitespace_dropped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key_file = write(tmp_path / "secrets" / "seekr", f"  {KEY}\r\n\n")
    monkeypatch.setenv("SEEKR_API_KEY_FILE", str(key_file))
    assert load_settings().client_options().api_key.get_secret_value() == KEY
    # Rotated: the next start reads the new key.
    key_file.write_text("sk-rotated-0001\n")
    assert load_settings().client_options().api_key.get_secret_value() == "sk-rotated-0001"


def test_a_key_given_later_wins_over_a_key_file_given_earlier(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key_file = write(tmp_path / "key", "sk-from-the-file\n")
    toml = write(tmp_path / "c.toml", f'api_key_file = "{key_file}"\n')
    assert load_settings(toml).client_options().api_key.get_secret_value() == "sk-from-the-file"
    monkeypatch.setenv("SEEKR_API_KEY", KEY)
    assert load_settings(toml).client_options().api_key.get_secret_value() == KEY
    # And the other way round: a key file in the environment beats a key in the TOML file.
    monkeypatch.delenv("SEEKR_API_KEY")
    monkeypatch.setenv("SEEKR_API_KEY_FILE", str(key_file))
    toml.write_text(f'api_key = "{KEY}"\n')
    assert load_settings(toml).client_options().api_key.get_secret_value() == "sk-from-the-file"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "SEEKR_API_KEY_FILE {path} does not exist; give the file that holds the API key."),
        ("", "SEEKR_API_KEY_FILE {path} is empty; write the API key in it."),
        (" \n\t\n", "SEEKR_API_KEY_FILE {path} is empty; write the API key in it."),
        (b"\xff" + KEY.encode(), "SEEKR_API_KEY_FILE {path} is not UTF-8 text (byte 1)."),
        ("x" * 5000, "SEEKR_API_KEY_FILE {path} is larger than 4096 bytes; it must hold the API key alone."),
        (f"{KEY}\n{KEY}\n", "The API key in SEEKR_API_KEY_FILE {path} contains a line break (U+000A) at position 25"),
    ],
)
def test_a_bad_key_file_is_one_line_naming_the_path_never_the_content(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "key"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    monkeypatch.setenv("SEEKR_API_KEY_FILE", str(path))
    with pytest.raises(ConfigError) as caught:
        load_settings()
    text = str(caught.value)
    assert text.startswith(message.format(path=path))
    assert "\n" not in text
    assert KEY not in text
    assert "xxxx" not in text


def test_an_unreadable_or_relative_key_file_and_a_key_set_twice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SEEKR_API_KEY_FILE", str(tmp_path))
    with pytest.raises(ConfigError, match=r"^SEEKR_API_KEY_FILE .* is a directory; give the file"):
        load_settings()
    monkeypatch.setenv("SEEKR_API_KEY_FILE", "secrets/key")
    with pytest.raises(ConfigError, match=r"^Setting api_key_file from the environment \(SEEKR_API_KEY_FILE\): "):
        load_settings()
    monkeypatch.setenv("SEEKR_API_KEY_FILE", str(write(tmp_path / "key", KEY)))
    monkeypatch.setenv("SEEKR_API_KEY", KEY)
    with pytest.raises(
        ConfigError, match=r"^Both the API key and a key file .* are set in the environment; set one\.$"
    ):
        load_settings()
    if os.geteuid() != 0:  # root reads any file
        monkeypatch.delenv("SEEKR_API_KEY")
        (tmp_path / "key").chmod(0)
        with pytest.raises(ConfigError, match=r"^SEEKR_API_KEY_FILE .* cannot be read: permission denied\.$"):
            load_settings()


def test_the_log_format_is_text_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().log_format == "text"
    monkeypatch.setenv("SEEKRFLOW_MCP_LOG_FORMAT", "JSON")
    assert load_settings().log_format == "json"
    monkeypatch.setenv("SEEKRFLOW_MCP_LOG_FORMAT", "xml")
    with pytest.raises(ConfigError, match=r"^Setting log_format from the environment \(SEEKRFLOW_MCP_LOG_FORMAT\)"):
        load_settings()
