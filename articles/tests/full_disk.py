"""A disk that fills up, for tests: a real FileSystemStorage, in a temporary directory, that runs out of room."""

import errno
import os

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


class FillingDisk(FileSystemStorage):
    """Stores files as FileSystemStorage does until the disk is full; then, as a real disk does,
    the file being written is left behind truncated and the write fails with ENOSPC.

    `room`: how many more bytes fit (None: any number). `saves_left`: how many
    more saves succeed before the next one fills the disk (None: any number).
    """

    room = None
    saves_left = None

    def _save(self, name, content):
        data = b"".join(content.chunks())
        fills_up = self.room is not None and len(data) > self.room
        fills_up = fills_up or self.saves_left == 0
        if self.saves_left is not None:
            self.saves_left = max(0, self.saves_left - 1)
        if fills_up:
            written = len(data) // 2 if self.room is None else self.room
            super()._save(name, ContentFile(data[:written]))
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path(name))
        if self.room is not None:
            self.room -= len(data)
        return super()._save(name, ContentFile(data))
