namespace Outcomes.Ingest.Ledger;

/// <summary>
/// How far one facility's data of one source (a contract file: "sessions", "drug_screens", "family_contacts",
/// "relapse_events", "episodes") run: <see cref="Through"/> is the latest date any committed load of that file carried
/// for the facility, null when no load did; <see cref="Loads"/> counts those loads and <see cref="LastLoadedAt"/> is
/// when the latest of them finished (the database's wall-clock time, as the ledger is shown). <see cref="From"/> is the
/// earliest date any of those loads carried for the facility: where its data of the source begin, which for a source a
/// facility started sending late (screens months after sessions) is later than its first patients' care.
/// </summary>
public sealed record FacilitySourceThrough(string FacilityId, string Source, DateOnly? Through, int Loads, DateTime? LastLoadedAt, DateOnly? From = null);
