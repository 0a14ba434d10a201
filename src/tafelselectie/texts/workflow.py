"""The agreement process's words: roles (``wf_role.``), what an unknown id names
(``wf_what.``), actions in a refusal (``wf_action.``), and each ``workflow`` subcommand's help and
confirmation (``wf_cmd.<name>.help`` / ``.done``). Part of the one catalogue
(:func:`tafelselectie.texts.messages.text`).
"""

from __future__ import annotations

# code -> (English, Dutch)
WORKFLOW: dict[str, tuple[str, str]] = {
    "wf_role.municipality": ("a municipality", "een gemeente"),
    "wf_role.table_member": ("a table member", "een lid van de tafel"),
    "wf_role.provider": ("a provider of the region", "een aanbieder uit de regio"),
    "wf_role.author": ("the author of the proposal", "de indiener van het voorstel"),
    "wf_role.public": ("anyone", "iedereen"),
    "wf_what.proposal": ("unknown proposal", "onbekend voorstel"),
    "wf_what.meeting": ("unknown meeting", "onbekende vergadering"),
    "wf_what.agreement": ("unknown agreement", "onbekende overeenkomst"),
    "wf_action.seat_table": ("seat the table", "de tafel samenstellen"),
    "wf_action.submit": ("submit a proposal", "een voorstel indienen"),
    "wf_action.schedule": ("put a proposal on the agenda", "een voorstel agenderen"),
    "wf_action.publish_preliminary": (
        "publish a preliminary proposal",
        "een voorlopig voorstel publiceren",
    ),
    "wf_action.react": ("react to a proposal", "reageren op een voorstel"),
    "wf_action.work_out": ("publish a worked-out proposal", "een uitgewerkt voorstel publiceren"),
    "wf_action.accept": ("accept a proposal", "een voorstel aanvaarden"),
    "wf_action.reject": ("reject a proposal", "een voorstel afwijzen"),
    "wf_action.withdraw": ("withdraw a proposal", "een voorstel intrekken"),
    "wf_action.plan_meeting": ("plan a meeting", "een vergadering plannen"),
    "wf_action.cancel_meeting": ("cancel a meeting", "een vergadering afzeggen"),
    "wf_action.hold_meeting": (
        "record a meeting as held",
        "een vergadering als gehouden vastleggen",
    ),
    "wf_action.draft_minutes": ("write the minutes", "het verslag schrijven"),
    "wf_action.redact_minutes": ("redact the minutes", "het verslag anonimiseren"),
    "wf_action.publish_minutes": ("publish the minutes", "het verslag publiceren"),
    "wf_action.join": ("join an agreement", "toetreden tot een overeenkomst"),
    "wf_action.decline": ("decline an agreement", "afzien van een overeenkomst"),
    # the subcommands: help (what it does) and the confirmation printed after it
    "wf_cmd.init.help": (
        "Record the basisovereenkomst (TOML) that starts the process.",
        "Leg de basisovereenkomst (TOML) vast waarmee het proces begint.",
    ),
    "wf_cmd.init.done": ("basisovereenkomst recorded", "basisovereenkomst vastgelegd"),
    "wf_cmd.seat.help": (
        "Seat the table from a selection result (select --json) for a period.",
        "Leg de tafel vast uit een selectieresultaat (select --json) voor een periode.",
    ),
    "wf_cmd.seat.done": ("table seated", "tafel vastgelegd"),
    "wf_cmd.submit.help": (
        "Submit a proposal (or a signal) for a deelovereenkomst.",
        "Dien een voorstel (of een signaal) in voor een deelovereenkomst.",
    ),
    "wf_cmd.submit.done": ("submitted", "ingediend"),
    "wf_cmd.plan.help": ("Plan a meeting of the table.", "Plan een vergadering van de tafel."),
    "wf_cmd.plan.done": ("meeting planned", "vergadering gepland"),
    "wf_cmd.cancel.help": ("Cancel a planned meeting.", "Zeg een geplande vergadering af."),
    "wf_cmd.cancel.done": ("meeting cancelled", "vergadering afgezegd"),
    "wf_cmd.schedule.help": (
        "Put a proposal on the agenda of a meeting.",
        "Zet een voorstel op de agenda van een vergadering.",
    ),
    "wf_cmd.schedule.done": ("on the agenda", "geagendeerd"),
    "wf_cmd.hold.help": (
        "Record that a meeting was held, and who was present.",
        "Leg vast dat een vergadering is gehouden, en wie er aanwezig waren.",
    ),
    "wf_cmd.hold.done": ("meeting held", "vergadering gehouden"),
    "wf_cmd.preliminary.help": (
        "Publish a preliminary proposal for reactions (the reaction period starts).",
        "Publiceer een voorlopig voorstel voor reacties (de reactietermijn begint).",
    ),
    "wf_cmd.preliminary.done": (
        "preliminary proposal published",
        "voorlopig voorstel gepubliceerd",
    ),
    "wf_cmd.react.help": (
        "React to a published preliminary proposal.",
        "Reageer op een gepubliceerd voorlopig voorstel.",
    ),
    "wf_cmd.react.done": ("reaction recorded", "reactie vastgelegd"),
    "wf_cmd.work-out.help": (
        "Publish the worked-out proposal, with what changed after the reactions.",
        "Publiceer het uitgewerkte voorstel, met wat er na de reacties is veranderd.",
    ),
    "wf_cmd.work-out.done": ("worked-out proposal published", "uitgewerkt voorstel gepubliceerd"),
    "wf_cmd.accept.help": (
        "Accept a worked-out proposal as a deelovereenkomst (municipalities).",
        "Aanvaard een uitgewerkt voorstel als deelovereenkomst (gemeenten).",
    ),
    "wf_cmd.accept.done": ("accepted as deelovereenkomst", "aanvaard als deelovereenkomst"),
    "wf_cmd.reject.help": (
        "Reject a proposal, with the reason (municipalities).",
        "Wijs een voorstel af, met de reden (gemeenten).",
    ),
    "wf_cmd.reject.done": ("rejected", "afgewezen"),
    "wf_cmd.withdraw.help": (
        "Withdraw a proposal (its author).",
        "Trek een voorstel in (de indiener).",
    ),
    "wf_cmd.withdraw.done": ("withdrawn", "ingetrokken"),
    "wf_cmd.minutes.help": (
        "Write the minutes of a held meeting.",
        "Schrijf het verslag van een gehouden vergadering.",
    ),
    "wf_cmd.minutes.done": ("minutes drafted", "verslag opgesteld"),
    "wf_cmd.redact.help": (
        "Redact the minutes: remove what is marked confidential or personal.",
        "Anonimiseer het verslag: haal weg wat als vertrouwelijk of persoonlijk is gemarkeerd.",
    ),
    "wf_cmd.redact.done": ("minutes redacted", "verslag geanonimiseerd"),
    "wf_cmd.publish-minutes.help": (
        "Publish the redacted minutes on the digital table.",
        "Publiceer het geanonimiseerde verslag aan de digitale tafel.",
    ),
    "wf_cmd.publish-minutes.done": ("minutes published", "verslag gepubliceerd"),
    "wf_cmd.join.help": (
        "Join a deelovereenkomst (a provider, or a municipality --for a provider).",
        "Treed toe tot een deelovereenkomst (een aanbieder, of een gemeente --for een aanbieder).",
    ),
    "wf_cmd.join.done": ("joined", "toegetreden"),
    "wf_cmd.decline.help": (
        "Decline a deelovereenkomst (a provider, or a municipality --for a provider).",
        "Zie af van een deelovereenkomst (een aanbieder, of een gemeente --for een aanbieder).",
    ),
    "wf_cmd.decline.done": ("declined", "niet toegetreden"),
    "wf_cmd.status.help": (
        "Show the table, the meetings of the year, open proposals and agreements.",
        "Toon de tafel, de vergaderingen van het jaar, open voorstellen en overeenkomsten.",
    ),
    "wf_cmd.log.help": (
        "Show the event log as far as the visibility allows.",
        "Toon het gebeurtenissenlogboek voor zover de zichtbaarheid dat toelaat.",
    ),
    "wf_cmd.export-public.help": (
        "Write the digital table's public pages (HTML and JSON) to DIRECTORY.",
        "Schrijf de openbare pagina's van de digitale tafel (HTML en JSON) naar DIRECTORY.",
    ),
    "wf_opt.text": (
        "Text; [[vertrouwelijk: ...]] / [[persoonlijk: ...]] mark what is never published.",
        "Tekst; [[vertrouwelijk: ...]] / [[persoonlijk: ...]] markeren wat nooit wordt "
        "gepubliceerd.",
    ),
    "wf_opt.present": (
        "Who was present (repeat, or comma-separated).",
        "Wie er aanwezig waren (herhaal, of gescheiden door komma's).",
    ),
    "wf_opt.visibility": (
        "Whose view of the log: public, table or municipalities.",
        "Wiens zicht op het logboek: public, table of municipalities.",
    ),
    "wf_opt.json": (
        "Print JSON (stable codes) instead of text.",
        "Druk JSON af (vaste codes) in plaats van tekst.",
    ),
}
