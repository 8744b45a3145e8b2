namespace AzSync.Core.Manifest;

/// <summary>
/// JSON Schema (draft-07, the dialect editors' YAML language servers support best) of <c>azsync.yaml</c>, so
/// editors can complete and check manifests. It mirrors <see cref="ManifestLoader"/>'s rules; checks the schema
/// cannot express (sources escaping the folder, duplicate mappings) stay in the loader.
/// </summary>
public static class ManifestSchema
{
    public const string Id = "https://azsync.dev/schemas/azsync-manifest-v1.json";

    public const string Json = """
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://azsync.dev/schemas/azsync-manifest-v1.json",
  "title": "azsync manifest (azsync.yaml)",
  "description": "Which local files azsync syncs, where to, and with which HTTP headers.",
  "type": "object",
  "additionalProperties": false,
  "required": ["version", "mappings"],
  "properties": {
    "version": {
      "description": "Manifest format version. Must be 1.",
      "const": 1
    },
    "destination": {
      "description": "Default destination: a local folder (relative to this manifest's folder), an https URL of a blob container or file share (optionally with a prefix), or an http:// URL of an emulator (one not on this machine needs --allow-http when run). Keep SAS tokens out of committed manifests.",
      "type": "string",
      "minLength": 1,
      "pattern": "^(?![A-Za-z][A-Za-z0-9+.-]*://)|^https?://"
    },
    "delete": {
      "description": "Delete destination files under the mappings' targets that no mapping selects.",
      "type": "boolean"
    },
    "maxDelete": {
      "description": "Most files one run may delete: a count (25) or a percentage of the files under the targets (\"10%\"). Default 50%.",
      "oneOf": [
        { "type": "integer", "minimum": 0 },
        { "type": "string", "pattern": "^\\s*([0-9]+|(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?)%)\\s*$" }
      ]
    },
    "allowOutsideSources": {
      "description": "Allow mapping sources outside this manifest's folder (e.g. '../site/public'). Off by default so a typo cannot sync an unrelated folder.",
      "type": "boolean"
    },
    "mappings": {
      "description": "What to sync: each item selects files from a source folder and places them under a target prefix.",
      "type": "array",
      "minItems": 1,
      "items": { "$ref": "#/definitions/mapping" }
    }
  },
  "definitions": {
    "glob": {
      "type": "string",
      "minLength": 1,
      "pattern": "^(?![/\\\\])(?!.*(^|[/\\\\{,])\\.\\.([/\\\\},]|$))(?!.*\\{\\})(?!.*[{,][/\\\\])[^\\[\\]?]*$",
      "description": "A glob relative to the source folder: '*' within a folder, '**' across folders, '{a,b}' for alternatives, e.g. '**/*.{html,txt}'. No '?' or '[...]'; braces must balance (only azsync checks that)."
    },
    "mapping": {
      "type": "object",
      "additionalProperties": false,
      "required": ["source"],
      "properties": {
        "source": {
          "description": "Folder to read, relative to this manifest's folder ('.' for the folder itself). Must stay inside it unless allowOutsideSources is true.",
          "type": "string",
          "minLength": 1,
          "pattern": "\\S"
        },
        "target": {
          "description": "Prefix under the destination the files go to, e.g. 'site' or 'assets/v2'. Default: the destination's root. No '.' or '..' segments.",
          "type": "string",
          "pattern": "^(?!.*(^|[/\\\\])\\.\\.?([/\\\\]|$))"
        },
        "include": {
          "description": "Glob or list of globs of files to sync, relative to the source. Default: [\"**/*\"] (everything).",
          "oneOf": [
            { "$ref": "#/definitions/glob" },
            { "type": "array", "minItems": 1, "items": { "$ref": "#/definitions/glob" } }
          ]
        },
        "exclude": {
          "description": "Glob or list of globs of files to leave out, even when included, e.g. '**/*.map'.",
          "oneOf": [
            { "$ref": "#/definitions/glob" },
            { "type": "array", "items": { "$ref": "#/definitions/glob" } }
          ]
        },
        "cacheControl": {
          "description": "Cache-Control header for every file of this mapping, e.g. 'public, max-age=300'. Printable ASCII only.",
          "type": "string",
          "minLength": 1,
          "pattern": "^[ -~]*[!-~][ -~]*$"
        },
        "contentType": {
          "description": "Content-Type overrides by file extension, e.g. { \".wasm\": \"application/wasm\" }. Other files get a type from their extension.",
          "type": "object",
          "propertyNames": { "pattern": "^\\s*\\.?[^./\\\\*? ][^/\\\\*? ]*\\s*$" },
          "additionalProperties": {
            "type": "string",
            "pattern": "^\\s*[!-.0-~]+/[!-.0-:<-~]+ *(;[ -~]*)?\\s*$"
          }
        },
        "contentEncoding": {
          "description": "Content-Encoding header, e.g. 'gzip' when the files are stored compressed. Printable ASCII only.",
          "type": "string",
          "minLength": 1,
          "pattern": "^[ -~]*[!-~][ -~]*$"
        },
        "contentDisposition": {
          "description": "Content-Disposition header, e.g. 'inline' or 'attachment'. Printable ASCII only; for a non-ASCII file name use RFC 5987: attachment; filename*=UTF-8''%C3%A9.txt.",
          "type": "string",
          "minLength": 1,
          "pattern": "^[ -~]*[!-~][ -~]*$"
        }
      }
    }
  }
}
""";
}
