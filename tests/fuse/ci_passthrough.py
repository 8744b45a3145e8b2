#!/usr/bin/python3
"""A case-insensitive, case-preserving passthrough: mounts BACKING at MOUNTPOINT so that names match without
case, as on APFS, NTFS and SMB. A name is created with the spelling given and found with any spelling. A rename
onto another existing entry keeps that entry's spelling (the case that loses files when a tool writes 'index.html'
over 'Index.html' and then deletes 'Index.html'); a rename of an entry onto itself with new case changes the
spelling, as `mv Index.html index.html` does on macOS and Windows.

Usage: ci_passthrough.py [--grow-on-second-open NAME] [--hold-second-open NAME RELEASE] BACKING MOUNTPOINT
Runs in the foreground until unmounted (fusermount3 -u MOUNTPOINT). With --grow-on-second-open, the file NAME grows
by a line when it is opened the second time, before that reader sees it: a source edited between hashing (the first
open) and copying (the second), without timing. With --hold-second-open, reads through the second open of NAME
wait until the file RELEASE exists: a copy still under way when a test kills or interrupts the tool, however fast
the machine; the script prints "held" when it first holds such a read, so a test knows the copy is under way.
"""
import errno
import os
import sys
import time

from fusepy import FUSE, FuseOSError, Operations


class CaseInsensitive(Operations):
    def __init__(self, backing, grow=None, hold=None, release=None):
        self.backing = os.path.realpath(backing)
        self.grow = grow
        self.opens = 0
        self.hold = hold
        self.release_path = release
        self.hold_opens = 0
        self.held = set()
        self.announced = False

    def init(self, path):
        # The kernel asks for INIT once the mount is in place: the signal a caller waits for.
        print("mounted", flush=True)

    def _find(self, directory, name):
        """The backing spelling of NAME in DIRECTORY, or None."""
        if os.path.lexists(os.path.join(directory, name)):
            return name
        try:
            folded = name.casefold()
            return next((e for e in sorted(os.listdir(directory)) if e.casefold() == folded), None)
        except OSError:
            return None

    def _real(self, path):
        """The backing path: existing components in their stored spelling, a missing last one as given."""
        real = self.backing
        parts = [p for p in path.split("/") if p]
        for i, part in enumerate(parts):
            found = self._find(real, part)
            if found is None:
                if i < len(parts) - 1:
                    raise FuseOSError(errno.ENOENT)
                found = part
            real = os.path.join(real, found)
        return real

    def getattr(self, path, fh=None):
        st = os.lstat(self._real(path))
        keys = ("st_mode", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime", "st_ctime")
        attrs = {k: getattr(st, k) for k in keys}
        attrs.update(st_atime=st.st_atime_ns / 1e9, st_mtime=st.st_mtime_ns / 1e9, st_ctime=st.st_ctime_ns / 1e9)
        return attrs

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._real(path))

    def access(self, path, mode):
        if not os.access(self._real(path), mode):
            raise FuseOSError(errno.EACCES)

    def chmod(self, path, mode):
        os.chmod(self._real(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._real(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self._real(path), times)

    def readlink(self, path):
        return os.readlink(self._real(path))

    def symlink(self, target, source):
        os.symlink(source, self._real(target))

    def mkdir(self, path, mode):
        os.mkdir(self._real(path), mode)

    def rmdir(self, path):
        os.rmdir(self._real(path))

    def unlink(self, path):
        os.unlink(self._real(path))

    def rename(self, old, new):
        source = self._real(old)
        target = self._real(new)
        if os.path.lexists(target) and not os.path.samefile(source, target) and os.path.isfile(target):
            # Replacing another entry: it keeps its own spelling, as the issue measured.
            os.replace(source, target)
            return
        if os.path.lexists(target) and os.path.samefile(source, target):
            # The same entry with new case: change the spelling.
            target = os.path.join(os.path.dirname(target), os.path.basename(new))
        os.rename(source, target)

    def statfs(self, path):
        st = os.statvfs(self._real(path))
        keys = ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree", "f_files", "f_flag",
                "f_frsize", "f_namemax")
        return {k: getattr(st, k) for k in keys}

    def open(self, path, flags):
        if self.grow is not None and os.path.basename(path) == self.grow:
            self.opens += 1
            if self.opens == 2:
                with open(self._real(path), "ab") as f:
                    f.write(b"changed while syncing\n")
        fh = os.open(self._real(path), flags)
        if self.hold is not None and os.path.basename(path) == self.hold:
            self.hold_opens += 1
            if self.hold_opens == 2:
                self.held.add(fh)
        return fh

    def create(self, path, mode, fi=None):
        return os.open(self._real(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)

    def read(self, path, length, offset, fh):
        if fh in self.held and not self.announced and not os.path.exists(self.release_path):
            self.announced = True
            print("held", flush=True)
        while fh in self.held and not os.path.exists(self.release_path):
            time.sleep(0.01)
        return os.pread(fh, length, offset)

    def write(self, path, data, offset, fh):
        return os.pwrite(fh, data, offset)

    def truncate(self, path, length, fh=None):
        if fh is not None:
            os.ftruncate(fh, length)
        else:
            os.truncate(self._real(path), length)

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        self.held.discard(fh)
        os.close(fh)

    def fsync(self, path, datasync, fh):
        os.fsync(fh)


if __name__ == "__main__":
    args = sys.argv[1:]
    grow = hold = release = None
    if args[:1] == ["--grow-on-second-open"] and len(args) > 1:
        grow, args = args[1], args[2:]
    if args[:1] == ["--hold-second-open"] and len(args) > 2:
        hold, release, args = args[1], args[2], args[3:]
    if len(args) != 2:
        sys.exit(__doc__)
    # No kernel caching of names or attributes: a lookup must always reach the case-folding above.
    FUSE(CaseInsensitive(args[0], grow, hold, release), args[1], foreground=True, nothreads=True,
         entry_timeout=0, attr_timeout=0, negative_timeout=0, use_ino=False)
