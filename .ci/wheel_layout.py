"""Hatchling build hook: the wheel holds replicate.py as the package `replicate`.

PEP 561 gives a single-module distribution no way to say that it is typed: type checkers
read types from an installed distribution only when its package holds a `py.typed` file.
So the wheel installs the one source file as `replicate/__init__.py` beside a `py.typed`
marker, a `__main__.py` for `python -m replicate`, and, for each module name of the
official package that replicate.py answers to (`replicate.exceptions`, ...), a stub
re-exporting the module's names, so that `from replicate.exceptions import ModelError`
type-checks as it imports. Everything but replicate.py is generated here, at build time:
the repository keeps one source file. The sdist is left as it is.
"""

import ast
import os
import shutil
import tempfile

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _submodule_names(source):
    """The names in replicate.py's `_SUBMODULES = (...)` tuple."""
    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and getattr(node.targets[0], "id", None) == "_SUBMODULES"):
            return ast.literal_eval(node.value)
    raise RuntimeError("replicate.py has no _SUBMODULES tuple to make stubs from")


class WheelLayout(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install imports replicate.py from the work tree itself
        with open(os.path.join(self.root, "replicate.py"), encoding="utf-8") as handle:
            names = _submodule_names(handle.read())
        self._generated = tempfile.mkdtemp(prefix="replicate-wheel-")
        files = {
            "py.typed": "",
            "__main__.py": "import sys\n\nfrom replicate import main\n\nsys.exit(main())\n",
        }
        for name in names:
            files[name + ".pyi"] = "from replicate import *\n"
        force_include = build_data["force_include"]
        force_include[os.path.join(self.root, "replicate.py")] = "replicate/__init__.py"
        for name, text in files.items():
            path = os.path.join(self._generated, name)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            force_include[path] = "replicate/" + name

    def finalize(self, version, build_data, artifact_path):
        generated = getattr(self, "_generated", None)
        if generated:
            shutil.rmtree(generated, ignore_errors=True)
