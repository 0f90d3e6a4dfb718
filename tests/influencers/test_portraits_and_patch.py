"""Influencer list items carry a served thumbnail; PATCH ageRange null clears it."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ElementTree

from layers_server.influencers.portraits import thumbnail_png
from tests.jobs.support import finished, wait_for

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (the first chunk, by the format)."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def svg_size(data: bytes) -> tuple[int, int]:
    root = ElementTree.parse(io.BytesIO(data)).getroot()
    return int(root.get("width")), int(root.get("height"))


async def ready_influencer(api, **body) -> tuple[dict, str]:
    project = await api.create_project(name="Personas")
    base = f"/v1/projects/{project['id']}/influencers"
    envelope = (await api.post(base, json=body)).json()
    return envelope, base


async def test_list_items_carry_a_thumbnail_that_is_a_smaller_rendition(api, worker):
    envelope, base = await ready_influencer(api, ageRange="senior")
    [pending] = (await api.get(base)).json()["items"]
    assert (pending["imageUrl"], pending["thumbnailUrl"]) == (None, None)  # null until ready
    await wait_for(api, envelope["jobId"], finished)

    [item] = (await api.get(base)).json()["items"]
    assert item["status"] == "ready"
    assert list(item)[-1] == "thumbnailUrl"
    assert item["thumbnailUrl"].endswith(f"/v1/influencers/{item['influencerId']}/thumbnail.png")
    portrait = await api.client.get(item["imageUrl"])
    thumbnail = await api.client.get(item["thumbnailUrl"])  # public, for an <img>
    assert thumbnail.status_code == 200
    assert thumbnail.headers["content-type"] == "image/png"
    width, height = png_size(thumbnail.content)
    full_width, full_height = svg_size(portrait.content)
    assert (width, height) == (96, 96) and width < full_width and height < full_height
    # A rendition of this very portrait (and not of another persona's).
    assert thumbnail.content == thumbnail_png(portrait.content.decode())

    single = (await api.get(f"/v1/influencers/{item['influencerId']}")).json()
    assert "thumbnailUrl" not in single  # the docs print it on list items only


async def test_no_thumbnail_for_a_deleted_or_unknown_influencer(api, worker):
    envelope, base = await ready_influencer(api)
    await wait_for(api, envelope["jobId"], finished)
    [item] = (await api.get(base)).json()["items"]
    await api.delete(f"/v1/influencers/{item['influencerId']}")
    assert (await api.client.get(item["thumbnailUrl"])).status_code == 404
    assert (await api.client.get(item["imageUrl"])).status_code == 404
    unknown = "/v1/influencers/inf_00000000-0000-4000-8000-000000000000/thumbnail.png"
    assert (await api.client.get(unknown)).status_code == 404


async def test_patch_age_range_null_clears_it_and_keeps_the_portrait(api, worker):
    envelope, base = await ready_influencer(api, ageRange="mature")
    await wait_for(api, envelope["jobId"], finished)
    url = f"/v1/influencers/{envelope['influencerId']}"
    [before] = (await api.get(base)).json()["items"]
    portrait = (await api.client.get(before["imageUrl"])).content
    thumbnail = (await api.client.get(before["thumbnailUrl"])).content

    cleared = await api.patch(url, json={"ageRange": None})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["ageRange"] is None
    assert (await api.get(url)).json()["ageRange"] is None
    [listed] = (await api.get(base)).json()["items"]
    assert listed["ageRange"] is None
    # The face a partner already showed does not change with a label.
    assert (await api.client.get(before["imageUrl"])).content == portrait
    assert (await api.client.get(before["thumbnailUrl"])).content == thumbnail

    again = await api.patch(url, json={"ageRange": "teen"})
    assert again.json()["ageRange"] == "teen"
    for bad in ({"ageRange": "ancient"}, {"gender": None}, {"name": None}):
        refused = await api.patch(url, json=bad)
        assert refused.status_code == 422, bad
    assert (await api.get(url)).json()["ageRange"] == "teen"


async def test_an_influencer_cleared_before_training_is_drawn_at_the_default_age(api, worker):
    project = await api.create_project(name="Personas")
    envelope = (
        await api.post(f"/v1/projects/{project['id']}/influencers", json={"ageRange": "teen"})
    ).json()
    await api.patch(f"/v1/influencers/{envelope['influencerId']}", json={"ageRange": None})
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "completed"
    influencer = (await api.get(f"/v1/influencers/{envelope['influencerId']}")).json()
    assert (influencer["status"], influencer["ageRange"]) == ("ready", None)
    assert (await api.client.get(influencer["imageUrl"])).status_code == 200
