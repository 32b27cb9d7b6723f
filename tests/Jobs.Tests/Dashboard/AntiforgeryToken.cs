namespace Outcomes.Jobs.Tests.Dashboard;

/// <summary>What a dashboard page hands its script for POSTs: the header to send and the token to put in it.</summary>
internal readonly record struct AntiforgeryToken(string Header, string Token);
