"""The `video` resource as clients see it, built from a stored item."""

from __future__ import annotations


def video_json(item: dict, *, media, ttl_s: int, sections=frozenset()) -> dict:
    """`video` = {id, course_id, title, description, position, status, duration_s,
    thumbnail_url, renditions, section_id, chapters, created_at} + error when
    failed + progress while processing. `section_id` reads as null unless it is one of the
    course's current `sections` (a deleted section leaves its videos unsectioned)."""
    thumbnail = item.get("thumbnail_key")
    section_id = item.get("section_id")
    video = {
        "id": item["id"],
        "course_id": item["course_id"],
        "title": item["title"],
        "description": item.get("description", ""),
        "position": int(item["position"]),
        "status": item["status"],
        "duration_s": item.get("duration_s"),
        "thumbnail_url": media.presign_get(key=thumbnail, expires_s=ttl_s) if thumbnail else None,
        "renditions": [
            {"name": r["name"], "height": int(r["height"]), "bandwidth": int(r["bandwidth"])}
            for r in item.get("renditions", [])
        ],
        "section_id": section_id if section_id in (sections or ()) else None,
        "chapters": [
            {"start_s": float(c["start_s"]), "title": c["title"]}
            for c in item.get("chapters") or []
        ],
        "created_at": item["created_at"],
        "updated_at": item.get("updated_at", item["created_at"]),
    }
    if item["status"] == "failed":
        video["error"] = item.get("error") or "Transcoding failed."
    if item["status"] == "processing":
        video["progress_percent"] = int(item.get("progress_percent") or 0)
    return video


def completed_captions(item: dict) -> list[tuple[str, dict]]:
    """(language, caption) of a video's completed captions, by language."""
    captions = item.get("captions") or {}
    return sorted((lang, c) for lang, c in captions.items() if c.get("status") == "completed")


def caption_json(language: str, caption: dict, *, media, ttl_s: int) -> dict:
    """`caption` = {language, label, url, status, cue_count}; the url expires after ttl_s."""
    return {
        "language": language,
        "label": caption["label"],
        "url": media.presign_get(key=caption["key"], expires_s=ttl_s),
        "status": caption.get("status", "pending"),
        "cue_count": int(caption.get("cue_count") or 0),
    }
