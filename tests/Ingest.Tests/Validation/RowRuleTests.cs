using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Files;
using Outcomes.Ingest.Validation;
using Xunit;

namespace Outcomes.Ingest.Tests.Validation;

/// <summary>The rules that involve several fields of one row, file by file, on rows written as a center sends them.</summary>
public sealed class RowRuleTests
{
    // programs.csv: facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week

    [Theory]
    [InlineData("F1,OP,Adult OP,OP,1.5,3,12,3")]
    [InlineData("F1,IOP,Adult IOP,IOP,2.1,3,8,9")]
    [InlineData("F1,PHP,Adult PHP,php,2.7,4,3,20")]
    [InlineData("F1,RES,Residential,Residential,3.5,3,4,40")]
    public void Programs_whose_asam_level_fits_their_level_of_care_pass(string csv) =>
        Assert.Null(ContractRow.Parse(ProgramsFile.Definition, csv).Check());

    [Theory]
    [InlineData("F1,IOP,Adult IOP,IOP,2.5,3,8,9", "does not match level_of_care iop: expected 2.1")]
    [InlineData("F1,PHP,Adult PHP,PHP,2.1,3,3,20", "does not match level_of_care php: expected 2.5 or 2.7")]
    [InlineData("F1,OP,Adult OP,OP,3.1,3,12,3", "does not match level_of_care op: expected 0.5 or 1 or 1.0 or 1.5 or 1.7")]
    [InlineData("F1,RES,Residential,residential,1,3,4,40", "does not match level_of_care residential: expected 3.1 or 3.2 or 3.3 or 3.5 or 3.7")]
    public void Programs_whose_asam_level_belongs_to_another_level_of_care_are_rejected_on_asam_level(string csv, string reason) =>
        Assert.Equal(new RowIssue("asam_level", reason), ContractRow.Parse(ProgramsFile.Definition, csv).Check());

    [Theory]
    [InlineData("F1,OP,Adult OP,OP,,3,12,3", "1")]
    [InlineData("F1,IOP,Adult IOP,IOP,,3,8,9", "2.1")]
    [InlineData("F1,PHP,Adult PHP,PHP,,3,3,20", "2.5")]
    public void Programs_with_an_empty_asam_level_get_the_usual_level_of_their_level_of_care(string csv, string expected)
    {
        var row = ContractRow.Parse(ProgramsFile.Definition, csv);
        Assert.False(row.Has("asam_level"));

        Assert.Null(row.Check());
        Assert.True(row.Has("asam_level"));
        Assert.Equal(expected, row.Text("asam_level"));
    }

    [Fact]
    public void Residential_programs_must_name_their_asam_level()
    {
        var row = ContractRow.Parse(ProgramsFile.Definition, "F1,RES,Residential,residential,,3,4,40");

        Assert.Equal(new RowIssue("asam_level", "is required for residential programs (3.1, 3.2, 3.3, 3.5 or 3.7)"), row.Check());
        Assert.False(row.Has("asam_level"));
    }

    // patients.csv: facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
    // Today is 2026-11-25, so ages 10 to 110 are birth years 2016 down to 1916.

    [Theory]
    [InlineData(1916)]
    [InlineData(1980)]
    [InlineData(2016)]
    public void Patients_aged_10_to_110_today_pass(int birthYear) =>
        Assert.Null(ContractRow.Parse(PatientsFile.Definition, $"F1,P1,{birthYear},female,white,not_hispanic,alcohol,no,individual,medicaid").Check());

    [Theory]
    [InlineData(1915)]
    [InlineData(1900)]
    [InlineData(2017)]
    [InlineData(2026)]
    public void Patients_younger_than_10_or_older_than_110_today_are_rejected_on_birth_year(int birthYear) =>
        Assert.Equal(
            new RowIssue("birth_year", "gives an age today outside 10 to 110 years"),
            ContractRow.Parse(PatientsFile.Definition, $"F1,P1,{birthYear},female,white,not_hispanic,alcohol,no,individual,medicaid").Check());

    // episodes.csv: facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,
    //               transferred_to_episode_id,medication_for_addiction_treatment

    [Theory]
    [InlineData("F1,E1,P1,IOP,2026-02-02,,,,no")]
    [InlineData("F1,E1,P1,IOP,2026-02-02,2026-02-02,completed,,yes")]
    [InlineData("F1,E1,P1,PHP,2026-01-05,2026-01-23,transferred,E2,yes")]
    [InlineData("F1,E1,P1,PHP,2026-01-05,2026-01-23,transferred,,yes")]
    public void Episodes_in_care_or_discharged_with_a_reason_pass(string csv) =>
        Assert.Null(ContractRow.Parse(EpisodesFile.Definition, csv).Check());

    [Fact]
    public void Episodes_discharged_before_admission_are_rejected_on_discharge_date() =>
        Assert.Equal(
            new RowIssue("discharge_date", "is before admission_date; expected the same day or later"),
            ContractRow.Parse(EpisodesFile.Definition, "F1,E1,P1,IOP,2026-03-10,2026-03-09,completed,,no").Check());

    [Fact]
    public void Episodes_with_a_discharge_date_but_no_reason_are_rejected_on_discharge_reason() =>
        Assert.Equal(
            new RowIssue("discharge_reason", "is required when discharge_date is filled"),
            ContractRow.Parse(EpisodesFile.Definition, "F1,E1,P1,IOP,2026-02-02,2026-03-20,,,no").Check());

    [Fact]
    public void Episodes_with_a_reason_but_no_discharge_date_are_rejected_on_discharge_reason() =>
        Assert.Equal(
            new RowIssue("discharge_reason", "must be empty while discharge_date is empty (the patient is still in care)"),
            ContractRow.Parse(EpisodesFile.Definition, "F1,E1,P1,IOP,2026-02-02,,dropped_out,,no").Check());

    [Theory]
    [InlineData("F1,E1,P1,PHP,2026-01-05,2026-01-23,completed,E2,yes")]
    [InlineData("F1,E1,P1,PHP,2026-01-05,,,E2,yes")]
    public void Episodes_naming_a_next_episode_without_being_transferred_are_rejected_on_transferred_to(string csv) =>
        Assert.Equal(
            new RowIssue("transferred_to_episode_id", "may only be filled when discharge_reason is transferred"),
            ContractRow.Parse(EpisodesFile.Definition, csv).Check());

    [Fact]
    public void Episodes_transferred_to_themselves_are_rejected_on_transferred_to() =>
        Assert.Equal(
            new RowIssue("transferred_to_episode_id", "names the episode itself; expected the episode care continued in"),
            ContractRow.Parse(EpisodesFile.Definition, "F1,E1,P1,PHP,2026-01-05,2026-01-23,transferred,E1,yes").Check());

    // sessions.csv: facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes

    [Theory]
    [InlineData("attended")]
    [InlineData("late")]
    [InlineData("left_early")]
    public void Sessions_the_patient_came_to_need_attended_minutes(string status) =>
        Assert.Equal(
            new RowIssue("attended_minutes", $"is required when status is {status}"),
            ContractRow.Parse(SessionsFile.Definition, $"F1,S1,E1,2026-01-05,group,60,{status},").Check());

    [Theory]
    [InlineData("attended")]
    [InlineData("late")]
    [InlineData("left_early")]
    public void Sessions_the_patient_came_to_cannot_have_zero_attended_minutes(string status) =>
        Assert.Equal(
            new RowIssue("attended_minutes", $"is 0 but status is {status}; expected the minutes the patient was there"),
            ContractRow.Parse(SessionsFile.Definition, $"F1,S1,E1,2026-01-05,group,60,{status},0").Check());

    [Theory]
    [InlineData("no_show")]
    [InlineData("cancelled_by_patient")]
    [InlineData("cancelled_by_program")]
    [InlineData("excused")]
    public void Sessions_the_patient_missed_count_empty_attended_minutes_as_zero(string status)
    {
        var row = ContractRow.Parse(SessionsFile.Definition, $"F1,S1,E1,2026-01-05,group,60,{status},");

        Assert.Null(row.Check());
        Assert.True(row.Has("attended_minutes"));
        Assert.Equal(0, row.Integer("attended_minutes"));
    }

    [Fact]
    public void Sessions_the_patient_missed_accept_an_explicit_zero() =>
        Assert.Null(ContractRow.Parse(SessionsFile.Definition, "F1,S1,E1,2026-01-05,group,60,no_show,0").Check());

    [Theory]
    [InlineData("no_show")]
    [InlineData("excused")]
    public void Sessions_the_patient_missed_cannot_have_attended_minutes(string status) =>
        Assert.Equal(
            new RowIssue("attended_minutes", $"must be 0 or empty when status is {status}"),
            ContractRow.Parse(SessionsFile.Definition, $"F1,S1,E1,2026-01-05,group,60,{status},45").Check());

    [Fact]
    public void Sessions_may_overrun_their_schedule_by_30_minutes_by_default_but_not_more()
    {
        Assert.Null(ContractRow.Parse(SessionsFile.Definition, "F1,S1,E1,2026-01-05,group,60,attended,90").Check());
        Assert.Equal(
            new RowIssue("attended_minutes", "exceeds scheduled_minutes by more than 30 minutes"),
            ContractRow.Parse(SessionsFile.Definition, "F1,S1,E1,2026-01-05,group,60,attended,91").Check());
    }

    [Fact]
    public void The_overrun_tolerance_comes_from_the_options()
    {
        var strict = ContractRow.Options with { AttendedOverrunMinutes = 0 };

        Assert.Null(ContractRow.Parse(SessionsFile.Definition, "F1,S1,E1,2026-01-05,group,60,late,60").Check(strict));
        Assert.Equal(
            new RowIssue("attended_minutes", "exceeds scheduled_minutes by more than 0 minutes"),
            ContractRow.Parse(SessionsFile.Definition, "F1,S1,E1,2026-01-05,group,60,late,61").Check(strict));
    }

    // drug_screens.csv: facility_id,screen_id,episode_id,collection_date,result,substances

    [Theory]
    [InlineData("F1,D1,E1,2026-01-06,positive,cocaine")]
    [InlineData("F1,D1,E1,2026-01-06,positive,cocaine;fentanyl")]
    [InlineData("F1,D1,E1,2026-01-06,negative,")]
    [InlineData("F1,D1,E1,2026-01-06,refused,")]
    public void Drug_screens_listing_substances_exactly_when_positive_pass(string csv) =>
        Assert.Null(ContractRow.Parse(DrugScreensFile.Definition, csv).Check());

    [Theory]
    [InlineData("F1,D1,E1,2026-01-06,positive,")]
    [InlineData("F1,D1,E1,2026-01-06,positive, ")]
    public void Positive_drug_screens_must_list_the_substances_found(string csv) =>
        Assert.Equal(
            new RowIssue("substances", "is required when result is positive"),
            ContractRow.Parse(DrugScreensFile.Definition, csv).Check());

    [Theory]
    [InlineData("negative")]
    [InlineData("dilute")]
    [InlineData("refused")]
    [InlineData("invalid")]
    public void Drug_screens_that_are_not_positive_must_not_list_substances(string result) =>
        Assert.Equal(
            new RowIssue("substances", $"must be empty when result is {result}"),
            ContractRow.Parse(DrugScreensFile.Definition, $"F1,D1,E1,2026-01-06,{result},cannabis").Check());

    // follow_ups.csv: facility_id,episode_id,days_after_discharge,reached,abstinent

    [Theory]
    [InlineData("F1,E2,30,yes,")]
    [InlineData("F1,E2,30,no,")]
    public void Follow_ups_without_an_abstinence_answer_record_unknown(string csv)
    {
        var row = ContractRow.Parse(FollowUpsFile.Definition, csv);

        Assert.Null(row.Check());
        Assert.Equal("unknown", row.Text("abstinent"));
    }

    [Theory]
    [InlineData("F1,E2,30,yes,yes", "yes")]
    [InlineData("F1,E2,90,yes,No", "no")]
    [InlineData("F1,E2,180,no,unknown", "unknown")]
    public void Follow_ups_keep_the_abstinence_answer_they_give(string csv, string expected)
    {
        var row = ContractRow.Parse(FollowUpsFile.Definition, csv);

        Assert.Null(row.Check());
        Assert.Equal(expected, row.Text("abstinent"));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public void Follow_ups_that_did_not_reach_the_patient_cannot_say_whether_they_were_abstinent(string abstinent) =>
        Assert.Equal(
            new RowIssue("abstinent", "must be unknown or empty when the patient was not reached"),
            ContractRow.Parse(FollowUpsFile.Definition, $"F1,E2,30,no,{abstinent}").Check());

    [Fact]
    public void Files_without_a_row_rule_accept_every_row_whose_fields_parse()
    {
        Assert.Null(ContractRow.Parse(FamilyContactsFile.Definition, "F1,C1,E1,2026-01-10,family_session,yes").Check());
        Assert.Null(ContractRow.Parse(RelapseEventsFile.Definition, "F1,R1,E2,2026-04-02,self_report").Check());
    }
}
