"""What an index folder records about itself (vnsearch.json), and the refusal
of an index built by another version, with the command that rebuilds it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import vnsearch, write_jsonl

from search.engines.meta import META_FILE, read_meta, write_meta
from search.errors import IndexNotFound
from search.fields import SCHEMA_VERSION
from search.indexing import ingest


def test_what_is_written_is_read_back(tmp_path: Path):
    write_meta(tmp_path, "tantivy")
    data = read_meta(tmp_path)
    assert data["engine"] == "tantivy" and data["schema_version"] == SCHEMA_VERSION
    assert data["format"] == "vnsearch"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", data["created"])
    assert [p.name for p in tmp_path.iterdir()] == [META_FILE]  # no temporary file left


def test_the_engine_defaults_to_whoosh(tmp_path: Path):
    write_meta(tmp_path)
    assert read_meta(tmp_path)["engine"] == "whoosh"


def test_rewriting_replaces_the_record(tmp_path: Path):
    write_meta(tmp_path, "whoosh")
    write_meta(tmp_path, "tantivy")
    assert json.loads((tmp_path / META_FILE).read_text(encoding="utf-8"))["engine"] == "tantivy"


@pytest.mark.parametrize("version", [1, SCHEMA_VERSION - 1, SCHEMA_VERSION + 1, None, "5"])
def test_another_schema_version_is_refused_with_the_rebuild_command(tmp_path: Path, version):
    (tmp_path / META_FILE).write_text(json.dumps({"schema_version": version, "engine": "whoosh"}))
    with pytest.raises(IndexNotFound) as caught:
        read_meta(tmp_path)
    message = str(caught.value)
    assert f"vnsearch index --rebuild --index {tmp_path} PATH..." in message
    assert f"schema {version}, this one reads {SCHEMA_VERSION}" in message


def test_a_folder_without_the_record_is_an_index_from_before_it_existed(tmp_path: Path):
    with pytest.raises(IndexNotFound, match=r"schema 1, .*vnsearch index --rebuild --index"):
        read_meta(tmp_path)


def test_an_unreadable_record_says_to_rebuild(tmp_path: Path):
    (tmp_path / META_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(
        IndexNotFound, match=f"Cannot read '{re.escape(str(tmp_path / META_FILE))}'.*--rebuild"
    ):
        read_meta(tmp_path)


def test_the_cli_refuses_an_old_index_in_one_line_with_the_command(tmp_path: Path):
    ingest([write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "body": "Giao thông."}])], tmp_path / "ix")
    meta = tmp_path / "ix" / META_FILE
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "schema_version": 1}), encoding="utf-8")
    proc = vnsearch("search", "--index", str(tmp_path / "ix"), "giao thong")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert (
        f"vnsearch index --rebuild --index {tmp_path / 'ix'} PATH..." in proc.stderr.strip().splitlines()[-1]
    )
