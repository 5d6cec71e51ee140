"""The `video` resource as clients see it, built from a stored item."""

from __future__ import annotations


def video_json(item: dict, *, media, ttl_s: int) -> dict:
    """`video` = {id, course_id, title, description, position, status, duration_s,
    thumbnail_url, renditions, created_at} + error when failed + progress while processing."""
    thumbnail = item.get("thumbnail_key")
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
        "created_at": item["created_at"],
        "updated_at": item.get("updated_at", item["created_at"]),
    }
    if item["status"] == "failed":
        video["error"] = item.get("error") or "Transcoding failed."
    if item["status"] == "processing":
        video["progress_percent"] = int(item.get("progress_percent") or 0)
    return video
