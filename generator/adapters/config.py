"""The ``duban`` plugin's options in ``mkdocs.yml``, validated by MkDocs' config machinery.

The options are not written here: each comes from a field of the core's
:class:`~generator.settings.Settings` (its kind, default and docstring), so they are
declared once. Every bad option is reported at once, in Chinese and English, with its name.
"""

from __future__ import annotations

from dataclasses import MISSING
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config.base import ValidationError

from ..settings import OptionError, OptionKind, Settings, option_fields

__all__ = ["SHARE_FONTS", "SITE_URL_UNSET", "DubanConfig", "option_lines", "settings_from"]

SITE_URL_UNSET = ("mkdocs.yml 未设置 site_url：规范链接、sitemap.xml、分享信息、订阅和引用中的地址都无法写成完整网址。"
                  "请设为本年度网站的地址，如 https://duban.example.gov.cn/2022/ / "
                  "site_url is not set in mkdocs.yml: canonical links, the sitemap, share cards, feeds and citations "
                  "cannot carry full addresses; set it to this year's site, e.g. https://duban.example.gov.cn/2022/")
"""What the build says (in the log, and ``duban build`` on stderr) when ``site_url`` is missing."""

SHARE_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
"""Where the usual Chinese system fonts are, tried in order when ``share_font`` is not set."""


class SettingOption(base.BaseConfigOption[Any]):
    """One option, validated by its kind from :mod:`generator.settings`."""

    def __init__(self, kind: OptionKind, default: Any) -> None:
        super().__init__()
        self.kind = kind
        self.required_value = default is MISSING
        self.default = None if default is MISSING else (str(default) if isinstance(default, Path) else default)

    def run_validation(self, value: object) -> Any:
        if value is None:
            if self.required_value:
                raise ValidationError("必须填写 / required")
            return None
        try:
            return self.kind.parse(value)
        except OptionError as exc:
            raise ValidationError(str(exc)) from None


class _SettingsConfig(base.Config):
    """Reports every bad option (MkDocs' own loop stops at the first), then the options
    that contradict each other."""

    def _validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        failed: list[tuple[str, Exception]] = []
        warnings: list[tuple[str, str]] = []
        for key, option in self._schema:
            try:
                self[key] = option.validate(self.get(key))
            except ValidationError as exc:
                failed.append((key, exc))
        for key in sorted(set(self.keys()) - self._schema_keys):
            warnings.append((key, f"未知选项 / unrecognised option: {key}"))
        return failed, warnings  # type: ignore[return-value]

    def validate(self):  # type: ignore[no-untyped-def]
        failed, warnings = super().validate()
        if not failed:
            for key, zh, en in _settings(self, Path("."), None).problems():
                failed.append((key, ValidationError(f"{zh} / {en}")))
        lines = option_lines(self.config_file_path) if failed else {}
        where = Path(self.config_file_path or "mkdocs.yml").name
        return [(key, ValidationError(f"{where}:{lines[key]}: {exc}") if key in lines else exc) for key, exc in failed], warnings


DubanConfig = type("DubanConfig", (_SettingsConfig,), {
    f.name: SettingOption(kind, f.default) for f, kind in option_fields()
})
"""The plugin's config schema: one :class:`SettingOption` per option field of :class:`Settings`."""


def option_lines(config_file: str | None) -> dict[str, int]:
    """The line of each ``duban`` option in ``mkdocs.yml`` (MkDocs keeps no lines): the file is
    composed into YAML nodes, which never constructs its tags (``!ENV``, ``!!python/name``)."""
    if not config_file:
        return {}
    try:
        with open(config_file, encoding="utf-8-sig") as fh:
            root = yaml.compose(fh, Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    plugins = _child(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins] if plugins is not None else []
    for entry in entries:
        options = _child(entry, "duban")
        if isinstance(options, yaml.MappingNode):
            return {k.value: k.start_mark.line + 1 for k, _ in options.value if isinstance(k, yaml.ScalarNode)}
    return {}


def _child(node: object, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    return None


def _settings(config: base.Config, root: Path, content_dir: Path | None) -> Settings:
    values = {f.name: config[f.name] for f, _ in option_fields() if config[f.name] is not None}
    values["data_dir"] = root / values.get("data_dir", "data")
    values["share_font"] = _share_font(root, values.get("share_font", ""))
    return Settings(**values, root=root, content_dir=content_dir)


def _share_font(root: Path, chosen: str) -> str:
    """The font the share images are drawn with: the one chosen, else the first system font found."""
    if chosen:
        return str(root / chosen)
    return next((path for path in SHARE_FONTS if Path(path).is_file()), "")


def settings_from(config: base.Config, config_file: str | None, docs_dir: str) -> Settings:
    """The core's settings from validated plugin options; paths relative to ``mkdocs.yml``."""
    root = Path(config_file or ".").resolve().parent
    return _settings(config, root, Path(docs_dir).resolve())
