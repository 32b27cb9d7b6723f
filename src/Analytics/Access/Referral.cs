namespace Outcomes.Analytics.Access;

/// <summary>
/// One referral's dates: referred, first contact with the program (null: none yet), admitted (null: not admitted, which
/// keeps the referral in the access figure's denominator). The data contract refuses a first contact or admission before
/// the referral.
/// </summary>
public sealed record Referral(DateOnly ReferredOn, DateOnly? FirstContactOn, DateOnly? AdmittedOn);
