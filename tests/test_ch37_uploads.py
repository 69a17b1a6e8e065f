import io
import os
import re
from urllib.parse import quote

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("file.save(os.path.join(upload_folder(), file.filename))",  # the specimen fixed: nothing to show
           "file.save(os.path.join(upload_folder(), secure_filename(file.filename)))"),
    "C2": ("        name = secure_filename(file.filename)\n", "        name = file.filename\n"),  # the name as sent
    "C3": ('stored = f"{secrets.token_hex(16)}.{kind}"', "stored = secure_filename(file.filename)"),  # the client's name, cleaned
    "C4": ('stored = f"{secrets.token_hex(16)}.{kind}"', "stored = file.filename"),  # the client's name kept
    "C5": ('app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024', 'app.config["MAX_CONTENT_LENGHT"] = 1024 * 1024'),  # a typo: no limit
    "C6": ("        if kind is None:\n            abort(415)\n",  # the name checked instead of the content
           "        if not allowed_file(file.filename):\n            abort(415)\n"),
    "C7": [("        file.stream.seek(0)\n", ""),  # the signature read, never rewound: the file loses 8 bytes
           ('stored = f"{secrets.token_hex(16)}.{kind}"', 'stored = f"{secrets.token_hex(16)}"')],  # no extension
    "C8": [('os.path.join(app.instance_path, "uploads")  # absolute', '"uploads"  # relative'),  # the tutorials' folder
           ("    app.config.from_prefixed_env()  # FLASK_UPLOAD_FOLDER", "    # FLASK_UPLOAD_FOLDER")],
    "C9": ('return send_file(os.path.join(app.config["UPLOAD_FOLDER"], request.args["name"]))',  # the specimen fixed
           'return send_from_directory(app.config["UPLOAD_FOLDER"], request.args["name"])'),
    "C10": ('return send_from_directory(app.config["UPLOAD_FOLDER"], name, as_attachment=True,',  # the user's path joined
            'return send_file(os.path.join(app.config["UPLOAD_FOLDER"], name), as_attachment=True,'),
    "C11": ("name, as_attachment=True,", "name, as_attachment=False,"),  # served inline, as a page
    "C12": [('names[stored] = "".join(char for char in file.filename if char.isprintable()) or stored',
             "names[stored] = file.filename"),  # a line break reaches the header: ValueError, 500
            ("download_name=names.get(name))", "download_name=None)")],  # the client's name forgotten
}

GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PAGE = b"<script>document.title = 'owned by ' + document.domain</script>"
SECRET = "the database password"


@pytest.fixture
def folder(tmp_path):
    """The upload folder, a real one on disk, with a secret file beside it (outside it)."""
    (tmp_path / "secret.txt").write_text(SECRET)
    (tmp_path / "uploads").mkdir()
    return tmp_path / "uploads"


@pytest.fixture
def app(chapter, folder):
    return chapter.create_app({"TESTING": True, "UPLOAD_FOLDER": str(folder)})


def upload(client, path, content, filename):
    return client.post(path, data={"file": (io.BytesIO(content), filename)})


def raw_upload(client, content, disposition='filename="big.gif"'):
    """A multipart body built by hand (the test client's own spools a large one to a file it leaves open)."""
    body = b'--b\r\nContent-Disposition: form-data; name="file"; ' + disposition.encode("latin-1")
    return client.post("/upload", data=body + b"\r\n\r\n" + content + b"\r\n--b--\r\n",
                       content_type="multipart/form-data; boundary=b")


def files_in(directory):
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*") if path.is_file())


@pytest.mark.claim("C1")
def test_the_naive_upload_writes_where_the_client_says(client, folder, tmp_path):
    response = upload(client, "/naive-upload", PAGE, "../outside.html")
    assert (response.status_code, response.text) == (201, "../outside.html")  # the name as sent
    assert (tmp_path / "outside.html").read_bytes() == PAGE
    assert files_in(folder) == []


@pytest.mark.claim("C2")
@pytest.mark.parametrize(("name", "secured"), [
    ("../../etc/passwd", "etc_passwd"), ("..", ""), ("файл", ""), ("фото.png", "png"),
    ("my holiday.png", "my_holiday.png"), ("café.gif", "cafe.gif"), ("..\\..\\win.ini", "win.ini"),
])
def test_secure_filename_keeps_one_plain_component(name, secured):
    from werkzeug.utils import secure_filename

    assert secure_filename(name) == secured


@pytest.mark.claim("C2")
def test_the_docs_pattern_keeps_any_name_in_the_folder(chapter, tmp_path):
    from hypothesis import example, given, strategies as st

    folder = tmp_path / "a" / "b" / "c" / "uploads"  # three levels to climb: a broken version writes in tmp_path
    client = chapter.create_app({"TESTING": True, "UPLOAD_FOLDER": str(folder)}).test_client()
    part = st.sampled_from(["..", ".", "/", "\\", "a", "é", "файл", " ", "CON", "\x00"])
    stems = st.lists(part, max_size=6).map("".join).filter(lambda s: s.count("..") <= 3 and not s.startswith("/"))

    @given(stems, st.sampled_from([".png", ".GIF", ".txt"]))
    def check(stem, extension):
        response = upload(client, "/docs-upload", GIF, stem + extension)
        if response.status_code == 201:
            assert re.fullmatch(r"[A-Za-z0-9_.-]+", response.text) and not response.text.startswith(".")
            assert files_in(tmp_path) == [f"a/b/c/uploads/{response.text}"]
            (folder / response.text).unlink()
        else:
            assert (response.status_code, extension) == (400, ".txt")

    check()


@pytest.mark.claim("C3")
def test_secured_names_collide_and_the_second_upload_overwrites_the_first(client, folder):
    first, second = upload(client, "/docs-upload", GIF, "фото.png"), upload(client, "/docs-upload", PNG, "снимок.png")
    assert (first.text, second.text) == ("png", "png")
    assert files_in(folder) == ["png"] and (folder / "png").read_bytes() == PNG  # the first is gone


@pytest.mark.claim("C3")
def test_the_books_upload_keeps_both_files(client, folder):
    names = [upload(client, "/upload", content, "photo.png").text for content in (GIF, PNG)]
    assert files_in(folder) == sorted(names) and names[0] != names[1]
    assert [(folder / name).read_bytes() for name in names] == [GIF, PNG]


@pytest.mark.claim("C4")
def test_device_names_are_guarded_only_on_windows(client, folder, monkeypatch):
    import werkzeug.utils

    assert upload(client, "/docs-upload", GIF, "CON.gif").text == "CON.gif"  # Linux: as sent
    assert files_in(folder) == ["CON.gif"]
    monkeypatch.setattr(werkzeug.utils.os, "name", "nt")
    assert [werkzeug.utils.secure_filename(n) for n in ("CON", "nul.txt")] == ["_CON", "_nul.txt"]


@pytest.mark.claim("C4")
def test_the_books_upload_never_stores_the_clients_name(client, folder):
    for name in ("CON.gif", "nul.gif", "../../x.gif"):
        assert re.fullmatch(r"[0-9a-f]{32}\.gif", upload(client, "/upload", GIF, name).text)
    assert len(files_in(folder)) == 3


@pytest.mark.claim("C5")
def test_a_body_over_the_limit_is_refused_with_413(client, folder):
    limit = 1024 * 1024
    response = raw_upload(client, GIF + bytes(limit - len(GIF) - 50))  # the file fits...
    assert (response.status_code, response.request.content_length - limit) == (413, 31)  # ...the body does not
    assert files_in(folder) == []
    response = raw_upload(client, GIF + bytes(limit - len(GIF) - 81))
    assert (response.status_code, response.request.content_length) == (201, limit)


@pytest.mark.claim("C6")
def test_an_extension_check_reads_only_the_name(chapter, client, folder):
    assert chapter.allowed_file("photo.png") and not chapter.allowed_file("page.html")
    assert upload(client, "/docs-upload", PAGE, "photo.png").text == "photo.png"
    assert (folder / "photo.png").read_bytes() == PAGE  # stored: HTML with an image's name
    assert upload(client, "/upload", PAGE, "photo.png").status_code == 415
    assert upload(client, "/upload", GIF, "cat.txt").text.endswith(".gif")
    assert files_in(folder) == sorted(["photo.png", *[p.name for p in folder.glob("*.gif")]])


@pytest.mark.claim("C6")
@pytest.mark.parametrize(("content", "kind"), [(PNG, "png"), (JPEG, "jpg"), (GIF, "gif"), (b"GIF87a;", "gif"),
                                                (b"\x89PNG\r\n\x1a", None), (b"GIF88a", None), (b"", None)])
def test_the_signature_decides_the_type(chapter, content, kind):
    assert chapter.image_type(content) == kind


@pytest.mark.claim("C7")
@pytest.mark.parametrize(("content", "kind"), [(PNG, "png"), (JPEG, "jpg")])
def test_the_upload_writes_one_file_named_by_the_app(client, folder, content, kind):
    response = upload(client, "/upload", content, "holiday photo")
    assert response.status_code == 201 and re.fullmatch(rf"[0-9a-f]{{32}}\.{kind}", response.text)
    assert files_in(folder) == [response.text]
    assert (folder / response.text).read_bytes() == content


@pytest.mark.claim("C8")
def test_a_relative_folder_is_saved_here_and_looked_for_elsewhere(chapter, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    client = chapter.create_app({"TESTING": True, "UPLOAD_FOLDER": "uploads"}).test_client()
    name = upload(client, "/upload", GIF, "cat.gif").text
    assert (tmp_path / "uploads" / name).read_bytes() == GIF  # saved under the working directory
    assert client.get(f"/files/{name}").status_code == 404  # looked for under the app's root_path


@pytest.mark.claim("C8")
def test_the_default_folder_is_absolute_and_the_environment_replaces_it(chapter, tmp_path, monkeypatch):
    app = chapter.create_app({"TESTING": True})
    assert app.config["UPLOAD_FOLDER"] == os.path.join(app.instance_path, "uploads")
    assert os.path.isabs(app.config["UPLOAD_FOLDER"])
    monkeypatch.setenv("FLASK_UPLOAD_FOLDER", str(tmp_path))
    assert chapter.create_app({"TESTING": True}).config["UPLOAD_FOLDER"] == str(tmp_path)


@pytest.mark.claim("C9")
def test_send_file_with_a_path_from_the_request_reads_outside_the_folder(client, tmp_path):
    for name in ("../secret.txt", str(tmp_path / "secret.txt")):  # os.path.join drops the folder for the second
        with client.get("/unsafe-download", query_string={"name": name}) as response:
            assert (response.status_code, response.text) == (200, SECRET)


@pytest.mark.claim("C10")
@pytest.mark.parametrize("path", ["..%2Fsecret.txt", "%2e%2e%2Fsecret.txt", "../secret.txt", "sub/..%2F..%2Fsecret.txt"])
def test_send_from_directory_refuses_a_way_out(client, path):
    assert client.get(f"/files/{path}").status_code == 404


@pytest.mark.claim("C10")
def test_send_from_directory_refuses_an_absolute_path(app, tmp_path):
    from flask import send_from_directory
    from werkzeug.exceptions import NotFound

    with app.test_request_context(), pytest.raises(NotFound):
        send_from_directory(app.config["UPLOAD_FOLDER"], str(tmp_path / "secret.txt"))


@pytest.mark.claim("C10")
def test_send_from_directory_serves_only_the_folder_for_any_name(client, folder):
    from hypothesis import example, given, strategies as st

    (folder / "sub").mkdir()
    (folder / "inside.txt").write_text("inside")
    (folder / "sub" / "nested.txt").write_text("nested")
    part = st.sampled_from(["..", ".", "secret.txt", "inside.txt", "sub", "nested.txt", "uploads", "%2e", "\\"])

    @given(st.lists(part, min_size=1, max_size=5).map("/".join))
    def check(name):
        with client.get("/files/" + quote(name, safe="")) as response:
            assert response.status_code in (200, 404)
            assert response.status_code == 404 or response.text in ("inside", "nested")

    check()
    with client.get("/files/sub/nested.txt") as response:
        assert response.text == "nested"


@pytest.fixture
def upload_for_the_browser(app, folder):
    """A file that is both: a valid GIF signature, then a script."""
    client = app.test_client()
    assert upload(client, "/naive-upload", GIF[:6] + PAGE, "evil.html").status_code == 201
    return upload(client, "/upload", GIF[:6] + PAGE, "evil.gif").text


@pytest.mark.claim("C11")
def test_an_upload_served_inline_runs_its_script_in_chromium(page, live_server, upload_for_the_browser):
    page.goto(f"{live_server.url}/unsafe-download?name=evil.html")
    assert page.title() == "owned by 127.0.0.1"  # the page runs on the site's origin


@pytest.mark.claim("C11")
def test_the_books_download_is_saved_not_rendered_in_chromium(page, live_server, upload_for_the_browser):
    page.goto(f"{live_server.url}/unsafe-download?name=evil.html")  # a page of the site, to start from
    with page.expect_download() as download:
        page.evaluate("url => { window.location.href = url }", f"/files/{upload_for_the_browser}")
    assert download.value.suggested_filename == "evil.gif"
    assert download.value.path().read_bytes() == GIF[:6] + PAGE
    assert page.url.endswith("/unsafe-download?name=evil.html")  # still the page it was: nothing rendered


@pytest.mark.claim("C12")
def test_the_download_names_the_file_in_ascii_and_in_utf_8(client):
    name = upload(client, "/upload", GIF, "café.gif").text
    with client.get(f"/files/{name}") as response:
        assert response.headers["Content-Disposition"] == "attachment; filename=cafe.gif; filename*=UTF-8''caf%C3%A9.gif"
        assert (response.data, response.mimetype) == (GIF, "image/gif")
    unnamed = upload(client, "/upload", GIF, "").text
    with client.get(f"/files/{unnamed}") as response:
        assert response.headers["Content-Disposition"] == f"attachment; filename={unnamed}"


@pytest.mark.claim("C12")
def test_chromium_saves_the_download_under_the_utf_8_name(page, live_server, app):
    name = upload(app.test_client(), "/upload", GIF, "café.gif").text
    page.goto(f"{live_server.url}/files/missing")  # a page of the site, to start from
    with page.expect_download() as download:
        page.evaluate("url => { window.location.href = url }", f"/files/{name}")
    assert download.value.suggested_filename == "café.gif"


@pytest.mark.claim("C12")
def test_a_line_break_in_the_clients_name_never_reaches_the_header(app, client):
    from flask import send_file

    name = raw_upload(client, GIF, "filename*=UTF-8''evil%0D%0ASet-Cookie%3A%20x%3D1.gif").text
    with client.get(f"/files/{name}") as response:
        assert (response.status_code, response.headers["Content-Disposition"]) == (
            200, 'attachment; filename="evilSet-Cookie: x=1.gif"')
    with app.test_request_context(), pytest.raises(ValueError, match="must not contain newline"):
        send_file(io.BytesIO(GIF), mimetype="image/gif", as_attachment=True, download_name="evil\r\nx.gif")
