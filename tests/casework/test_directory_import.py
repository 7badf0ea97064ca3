"""The directory import runs as a task: the upload is stored and queued (the web request
returns at once), and the run refuses a bad file whole, each refusal in plain words with the
line of the record it is about. Here the queued task's service is run in the test's process;
tests/casework/test_directory_import_worker.py runs it on a real Celery worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.hsds_file import MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH, MAX_IMPORT_ROWS, parse
from casework.models import DirectoryImport, ImportState, Organization, Resource
from casework.models.resource import categories_ensure
from casework.services.directory_import import directory_import_run
from casework.services.resource import directory_check, directory_import

from .hsds_generate import generated, hsds_file, service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _categories():
    categories_ensure()


def _upload(client, supervisor, content: bytes, capture):
    """POST the file; the task is queued on commit (captured here, not sent)."""
    client.force_login(supervisor)
    with capture() as callbacks:
        response = client.post(
            reverse("casework:resources_import"),
            {"file": SimpleUploadedFile("directory.json", content, "application/json")},
        )
    assert response.status_code == 302, response.content.decode()[:500]
    assert len(callbacks) == 1, "the upload queued no task"
    job = DirectoryImport.objects.order_by("-pk").first()
    assert response["Location"] == reverse("casework:resources_import_status", args=[job.pk])
    return job


@pytest.fixture
def run(client, supervisor, django_capture_on_commit_callbacks):
    """Upload ``content``, run the queued import, return the job as it ended."""

    def upload_and_run(content: bytes) -> DirectoryImport:
        job = _upload(client, supervisor, content, django_capture_on_commit_callbacks)
        assert job.state == ImportState.QUEUED
        directory_import_run(job_pk=job.pk)
        job.refresh_from_db()
        return job

    return upload_and_run


def _status_page(client, job) -> str:
    return client.get(reverse("casework:resources_import_status", args=[job.pk])).content.decode()


def test_a_good_file_is_imported_and_the_page_says_how_many(run, client):
    job = run(generated(25))
    assert job.state == ImportState.DONE
    assert job.imported == 25 and job.rows_total == 25 and job.rows_checked == 25
    assert Resource.objects.count() == 25
    assert Organization.objects.count() == 3
    page = _status_page(client, job)
    assert "Imported 25 services. No record was refused." in page
    assert 'http-equiv="refresh"' not in page


def test_a_bad_last_row_refuses_the_whole_file_naming_its_line(run, client):
    services = [service(n) for n in range(1, 50)] + [service(50, status="open")]
    job = run(hsds_file(services))
    assert job.state == ImportState.REFUSED
    assert not Resource.objects.exists() and not Organization.objects.exists()
    [refusal] = job.refused
    assert refusal["line"] == 51  # "[" is line 1, service n is on line n + 1
    assert 'service 50 "Service 50", field "status"' in refusal["reason"]
    page = _status_page(client, job)
    assert "1 record refused. Nothing was imported." in page
    assert "nothing of the file was imported, not even its good records (50 in all)" in page
    assert "<td>51</td>" in page


def test_records_wrong_for_our_directory_are_listed_each_with_its_line(run):
    services = [service(n) for n in range(1, 6)]
    services[1]["name"] = "x" * 250
    services[3]["minimum_age"] = 400
    job = run(hsds_file(services))
    assert job.state == ImportState.REFUSED
    assert [(r["line"], r["reason"].split(", field ")[1][:14]) for r in job.refused] == [
        (3, '"name": Ensure'),
        (5, '"minimum_age":'),
    ]
    assert not Resource.objects.exists()


def test_nan_is_refused_before_any_record_is_read(run):
    content = hsds_file([service(1)]).replace(b'"status"', b'"minimum_age":NaN,"status"')
    job = run(content)
    assert job.state == ImportState.REFUSED
    assert job.message == (
        "The file holds the number NaN, which HSDS does not allow. Nothing was imported."
    )
    assert job.rows_checked == 0


@pytest.mark.parametrize("nul", [b"\\u0000", b"x\\u0000y"])
def test_a_nul_character_is_refused_in_plain_words_and_the_import_ends(run, nul):
    """PostgreSQL stores a NUL in no text: refused before reading, never left "checking"."""
    content = hsds_file([service(1)]).replace(b'"status"', b'"name_x":"' + nul + b'","status"')
    job = run(content)
    assert job.state == ImportState.REFUSED and job.finished_at is not None
    assert "NUL character" in job.message
    assert not Resource.objects.exists()


@pytest.mark.parametrize("number", [b"Infinity", b"-Infinity", b"1e999", b"9" * 5000])
def test_infinity_and_numbers_too_large_are_refused(run, number):
    field = b'"minimum_age":' + number + b","
    content = hsds_file([service(1)]).replace(b'"status"', field + b'"status"')
    job = run(content)
    assert job.state == ImportState.REFUSED
    assert "Nothing was imported." in job.message
    assert not Resource.objects.exists()


def test_an_impossible_date_is_refused_naming_the_field(run):
    job = run(hsds_file([service(1), service(2, assured_date="2026-13-45")]))
    assert job.state == ImportState.REFUSED
    [refusal] = job.refused
    assert refusal["line"] == 3
    assert 'service 2 "Service 2", field "assured_date": must be a date' in refusal["reason"]
    assert not Resource.objects.exists()


def test_deep_nesting_is_refused_before_parsing(run, client):
    depth = 100_000  # json.loads alone would hit Python's recursion limit
    job = run(b"[" * depth + b"]" * depth)
    assert job.state == ImportState.REFUSED
    assert job.message.startswith(
        f"This file nests lists and objects more than {MAX_IMPORT_DEPTH} deep (line 1)"
    )
    assert job.rows_total is None  # refused by the pre-scan, before parsing
    assert "nests lists and objects" in _status_page(client, job)


def test_too_many_records_are_refused_before_parsing(run):
    job = run(b"[" + b",".join([b"{}"] * (MAX_IMPORT_ROWS + 1)) + b"]")
    assert job.state == ImportState.REFUSED
    assert job.message.startswith(f"This file holds more than {MAX_IMPORT_ROWS:,} records")
    assert job.rows_total is None


def test_a_file_that_is_not_json_is_refused_saying_where(run, client):
    assert run(b"not json at all").message == (
        "This file is not JSON: at line 1, column 1, a value is missing or misspelt. "
        "Nothing was imported."
    )
    broken = hsds_file([service(1), service(2)]).replace(b'"Service 2",', b'"Service 2"')
    job = run(broken)
    assert job.message == (
        "This file is not JSON: at line 3, column 64, a comma is missing. Nothing was imported."
    )
    assert job.message in _status_page(client, job)
    assert run(b"[1]\n\xff\xfe[]").message == (
        "This file is not JSON: at line 2 it holds bytes that are not UTF-8 text. "
        "Nothing was imported."
    )


def test_an_oversized_file_is_refused_in_the_request_and_nothing_is_stored(client, supervisor):
    client.force_login(supervisor)
    upload = SimpleUploadedFile("big.json", b" " * (MAX_IMPORT_BYTES + 1), "application/json")
    response = client.post(reverse("casework:resources_import"), {"file": upload})
    assert response.status_code == 413
    assert "This file is larger than 5 MB. Nothing was imported." in response.content.decode()
    assert not DirectoryImport.objects.exists()


def test_the_upload_returns_at_once_and_the_page_shows_progress(
    client, supervisor, django_capture_on_commit_callbacks
):
    content = generated(27_000)  # the 4 MB file that used to time a web worker out
    assert len(content) < MAX_IMPORT_BYTES
    job = _upload(client, supervisor, content, django_capture_on_commit_callbacks)
    # The request only stored the file and queued the task: nothing was read, counted or saved
    # (what made the import slow runs in the worker; bench/hsds_import.py measures it).
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED and job.rows_total is None
    assert not Resource.objects.exists()
    page = _status_page(client, job)
    assert "Waiting to start" in page
    # The progress region updates itself (static/home/live.js); the page never reloads itself.
    assert 'id="import-progress"' in page and "data-refresh-url=" in page
    assert 'http-equiv="refresh"' not in page
    DirectoryImport.objects.filter(pk=job.pk).update(
        state=ImportState.CHECKING, rows_total=27_000, rows_checked=500
    )
    assert "500 of 27000 records checked" in _status_page(client, job)


def test_a_task_delivered_twice_runs_once(run):
    job = run(generated(3))
    assert directory_import_run(job_pk=job.pk) == "skipped"
    assert Resource.objects.count() == 3


@pytest.mark.parametrize("count", [10, 300])
def test_saving_takes_a_few_queries_whatever_the_size(
    supervisor, count, django_assert_max_num_queries
):
    """Every service is checked in memory, then written in bulk: the queries do not grow with
    the rows (a few per thousand), the first time (all added) or the second (all updated)."""
    incoming = directory_check(parse(generated(count).decode()))
    with django_assert_max_num_queries(12):
        directory_import(incoming=incoming, actor=supervisor)
    with django_assert_max_num_queries(14):
        directory_import(incoming=incoming, actor=supervisor)
    assert Resource.objects.count() == count
    assert Organization.objects.count() == count // 10 + 1
