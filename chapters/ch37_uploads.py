"""
Q: How do you handle file uploads securely?

A: An upload arrives in ``request.files`` as a ``FileStorage`` whose ``filename`` is whatever
the client sent. A browser sends a bare name, but curl or an attacker sends ``../../x`` as
readily, so the name must never reach a path as it came. Five rules, each proven below:


- Limit the size: ``MAX_CONTENT_LENGTH`` makes Flask answer 413 to a larger body, and it counts
  the whole multipart body, boundaries and headers included, not only the file.
- Check the content, not only the name: the Flask docs' ``allowed_file`` reads the extension
  only, so an HTML page named ``photo.png`` passes it; the book's upload reads the file's first
  bytes (its signature) and refuses what is not a PNG, JPEG or GIF with 415.
- Name the stored file yourself. ``werkzeug.utils.secure_filename`` makes a name safe to join to
  a folder (``../../etc/passwd`` becomes ``etc_passwd``), but it can leave nothing (``..``, a
  name written only in Cyrillic) or only the extension (``фото.png`` becomes ``png``, dot gone),
  so two people's files collide and the second overwrites the first. Its Windows device-name
  guard (``CON`` becomes ``_CON``) runs only when the server runs on Windows. The book stores
  each upload under a random name with the extension its content shows, and keeps the client's
  name only to offer it back on download.
- Keep the folder absolute. A relative ``UPLOAD_FOLDER`` is read two ways: ``FileStorage.save``
  resolves it against the working directory, ``send_from_directory`` against the app's
  ``root_path``, so what was saved is 404 on download (pallets/flask#1169, #4630). The
  chapter's default is the instance folder, ``FLASK_UPLOAD_FOLDER`` sets another.
- Serve with ``send_from_directory``, never ``send_file`` on a path built from the request:
  ``send_file(os.path.join(folder, name))`` reads ``../secret.txt``, and an absolute name such as
  ``/etc/passwd`` makes ``os.path.join`` drop the folder altogether. ``send_from_directory``
  answers 404 to any name that leaves the folder.

Tutorials teach the unsafe version: leyaa.ai's Flask course saves with ``file.save(f"uploads/
{file.filename}")`` and explains that ``file.filename`` "provides the original name of the
uploaded file to save it with the same name on the server"
(https://leyaa.ai/codefly/learn/flask/part-1/flask-file-uploads-handling/visualize). Rebuilt as
the ``/naive-upload`` specimen, it writes outside its folder, and an ``.html`` upload served
back inline runs its script on the site's origin, the XSS the Flask docs warn of
(patterns/fileuploads). The book's download is an attachment, sent with ``Content-Disposition:
attachment``: for a non-ASCII name Werkzeug sends an ASCII fallback and the UTF-8 name in
``filename*`` (RFC 6266), which Chromium uses. A name with a line break cannot go into that
header (Werkzeug raises ``ValueError``, a 500), so the book keeps only the printable characters
of the client's name.

Claims:
  C1. The client names the file: ``filename`` arrives as sent, ``../outside.html`` included,
      and the ``/naive-upload`` specimen writes it outside the upload folder on disk.
  C2. ``secure_filename`` keeps only ASCII letters, digits and ``._-`` in one path component:
      ``../../etc/passwd`` becomes ``etc_passwd``, ``..`` and ``файл`` become ``""``, and on the
      Flask docs' pattern (``/docs-upload``) any name lands directly in the upload folder.
  C3. Names collide after ``secure_filename``: ``фото.png`` and ``снимок.png`` both become
      ``png``, and on the Flask docs' pattern the second upload overwrites the first on disk;
      the book's upload keeps both, each under a name of its own.
  C4. ``secure_filename`` prefixes Windows device names only on Windows: on this Linux server
      the docs' pattern stores ``CON.gif`` as ``CON.gif``; with ``os.name == "nt"``, ``CON``
      and ``nul.txt`` become ``_CON`` and ``_nul.txt``. The book's upload never stores the
      client's name, ``CON.gif`` or ``../../x.gif``.
  C5. ``MAX_CONTENT_LENGTH`` (1 MiB here) answers 413 to a larger body, counting the whole
      multipart body: a file 50 bytes under the limit is refused when its body is 31 bytes
      over it, and nothing is saved; a body exactly at the limit is accepted.
  C6. An extension check reads the name only: ``allowed_file`` accepts HTML named ``photo.png``
      and the docs' pattern stores it; the book's upload refuses it with 415 and stores a GIF
      sent as ``cat.txt`` as ``.gif``.
  C7. The book's upload writes one file into the upload folder on disk: its name is 32 hex
      digits and the extension of its content, its bytes are the bytes sent.
  C8. A relative ``UPLOAD_FOLDER`` saves under the working directory but ``send_from_directory``
      looks under the app's ``root_path``: the upload is 404 on download. The chapter's
      default folder is absolute.
  C9. ``send_file`` with a path from the request reads any file: ``../secret.txt`` and an
      absolute path both return a file outside the folder.
  C10. ``send_from_directory`` refuses every name that leaves the folder with 404
      (``../secret.txt``, an absolute path, ``%2e%2e``), for any name, and serves the files
      inside it.
  C11. An upload served inline is a page of the site: the specimen's ``evil.html`` runs its
      script on the site's origin in Chromium. A file can pass the signature check and still
      carry a script (``GIF89a`` then ``<script>``); the book's download is an attachment, so
      Chromium saves it and renders nothing.
  C12. The download sends ``Content-Disposition: attachment`` with the client's name, non-ASCII
      as an ASCII fallback plus ``filename*=UTF-8''...``, and Chromium saves it under the
      UTF-8 name; a name with a line break would make Werkzeug raise ``ValueError``, so the
      book drops non-printable characters from it.

Try it:
  $ export FLASK_UPLOAD_FOLDER=$(mktemp -d)
  $ flask --app chapters.ch37_uploads run
  $ echo GIF89a-a-tiny-cat | curl -i -F 'file=@-;filename=café.gif' http://127.0.0.1:5000/upload   → 201 CREATED
  → .gif
  $ export NAME=$(echo GIF89a-a-tiny-cat | curl -s -F 'file=@-;filename=café.gif' http://127.0.0.1:5000/upload)
  $ curl -i http://127.0.0.1:5000/files/$NAME   → 200 OK
  → Content-Disposition: attachment; filename=cafe.gif; filename*=UTF-8''caf%C3%A9.gif
  $ echo '<script>alert(1)</script>' | curl -i -F 'file=@-;filename=photo.png' http://127.0.0.1:5000/upload
  → 415 UNSUPPORTED MEDIA TYPE
  $ head -c 2000000 /dev/zero | curl -i -F 'file=@-;filename=big.gif' http://127.0.0.1:5000/upload
  → 413 REQUEST ENTITY TOO LARGE
  $ curl -i http://127.0.0.1:5000/files/..%2F..%2Fetc%2Fpasswd   → 404 NOT FOUND
  $ curl -i 'http://127.0.0.1:5000/unsafe-download?name=/etc/passwd'   → 200 OK  # C9
  → root:
"""

import os
import secrets

from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

TOPICS = ("uploads", "security")

ALLOWED_EXTENSIONS = {"png", "jpg", "jpeg", "gif"}
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"GIF87a": "gif", b"GIF89a": "gif"}

DELIBERATE_ERRORS = {
    "naive_upload": "a specimen: an empty or missing name makes save() raise",
    "unsafe_download": "a specimen: send_file raises FileNotFoundError for a missing path",
}


def allowed_file(filename):  # the Flask docs' check: it reads the name, not the file
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED_EXTENSIONS


def image_type(head):  # what the first bytes say the file is, whatever its name says
    return next((kind for signature, kind in SIGNATURES.items() if head.startswith(signature)), None)


def create_app(config=None):
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # a larger body is refused with 413
    app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")  # absolute (C8)
    app.config.from_prefixed_env()  # FLASK_UPLOAD_FOLDER, for Try it
    app.config.update(config or {})
    names = {}  # stored name -> the client's name, offered back on download

    def upload_folder():  # made on first use
        os.makedirs(app.config["UPLOAD_FOLDER"], exist_ok=True)
        return app.config["UPLOAD_FOLDER"]

    @app.post("/naive-upload")
    def naive_upload():  # a specimen of the tutorials' upload (C1, C11), not to copy
        file = request.files["file"]
        file.save(os.path.join(upload_folder(), file.filename))
        return file.filename, 201

    @app.post("/docs-upload")
    def docs_upload():  # the Flask docs' pattern (C3, C6): the name checked, cleaned and kept
        file = request.files["file"]
        if not allowed_file(file.filename):
            abort(400)
        name = secure_filename(file.filename)
        file.save(os.path.join(upload_folder(), name))
        return name, 201

    @app.post("/upload")
    def upload():
        file = request.files["file"]
        kind = image_type(file.stream.read(8))  # pragma: no mutate: 8 is the longest signature; more reads the same verdict
        if kind is None:
            abort(415)
        file.stream.seek(0)
        stored = f"{secrets.token_hex(16)}.{kind}"  # our name: no path in it, no clash
        file.save(os.path.join(upload_folder(), stored))
        names[stored] = "".join(char for char in file.filename if char.isprintable()) or stored
        return stored, 201

    @app.get("/unsafe-download")
    def unsafe_download():  # a specimen (C9, C11): send_file on a path from the request
        return send_file(os.path.join(app.config["UPLOAD_FOLDER"], request.args["name"]))

    @app.get("/files/<path:name>")
    def download(name):
        return send_from_directory(app.config["UPLOAD_FOLDER"], name, as_attachment=True,
                                   download_name=names.get(name))

    return app
