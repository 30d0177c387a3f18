"""What each figure shows and how to read it, for the report's captions."""

from __future__ import annotations

RUN_FIGURES: dict[str, tuple[str, str]] = {
    "outcomes": (
        "Outcomes",
        "One panel per protocol. Each bar is the share of all draws ending in no deal (grey) or in one of the most "
        "frequent packages; the label names only the issues on which the packages shown differ, and the values they "
        "share are written under the panel. Bars add up to less than 100% when deals are spread over many packages.",
    ),
    "issues": (
        "Issue values among deals",
        "One panel per issue: of the draws that end in a deal, the share taking each value of the issue, one bar per "
        "protocol. A tall bar means the issue is settled the same way whatever the uncertain parameters are.",
    ),
    "utilities": (
        "Utilities against reservation values",
        "One row per party: the distribution of its utility at the deal (filled, party colour) and of its reservation "
        "value, its utility of no deal, over all draws (grey outline), both as shares of all draws. A deal sits to the "
        "right of the party's own reservation value in the same draw; the further right, the more the party gains.",
    ),
    "proposals": (
        "Proposals",
        "For each named proposal, the probability that each party prefers it to no deal (party colours) and that every "
        "party does and it can be ratified (black, with its 95% interval). A proposal fails when one party's bar is low.",
    ),
    "convergence": (
        "Convergence",
        "The running deal rate against the number of draws (log scale), with the Wilson 95% interval as a band. A flat "
        "line inside a narrow band means more draws would not change the estimate.",
    ),
    "protocols": (
        "Protocols compared",
        "Left: each protocol's deal rate with its 95% interval. Right: the share of draws ending in each package that is "
        "among some protocol's most frequent, per protocol, with no deal as the last row. All protocols ran on the same "
        "draws, so differences are due to the protocols alone.",
    ),
    "ratification": (
        "Tied hands: ratification",
        "Per protocol, the deal rate when only the negotiators must agree (grey) and when each triggered domestic "
        "ratification step must also pass (colour), then, for each issue a step looks at, how deals settle it without "
        "and with ratification. The gap is the effect of the domestic constraint (Putnam 1988).",
    ),
    "summit_concessions": (
        "Summit: concessions",
        "For each leader at the table, the utility to its own party of the offer it has on the table, round by round: "
        "the median over draws with a band from the 10th to the 90th percentile. Phases are shaded. A steep early fall "
        "is a conceder, a late fall a Boulware tactic.",
    ),
    "summit_rounds": (
        "Summit: rounds to agreement",
        "The round in which the leaders agreed a framework (light) and in which the frameworks that became deals were "
        "agreed (dark), with the phases shaded. Frameworks that did not become deals were rejected by an absent party "
        "or failed ratification.",
    ),
    "summit_phases": (
        "Summit: deals by phase",
        "For each phase, the share of draws whose framework was agreed in it, split by what happened next: a deal, "
        "rejected afterwards by a party weighing it against its reservation value, or not ratified; then the draws "
        "with no framework.",
    ),
    "forecast": (
        "Stakeholder forecast",
        "Each stakeholder's position on the contested issue round by round under the expected-utility model (Bueno de "
        "Mesquita 1994; Scholz, Calbert & Smith 2011); the thick line is the weighted median, the forecast outcome, "
        "the dashed line the weighted mean.",
    ),
    "timeline": (
        "When a deal comes",
        "P(deal by date): for each protocol, the share of all draws that have agreed by the last day of each period "
        "(a step line), with its Wilson 95% interval as a band. The last period is the one that contains the horizon "
        "(black line), so the last step falls on or after it; its value is the deal rate. Solid grey "
        "lines are dated talks, dashed red lines dated events (their effects hold from that period on, in the draws "
        "where they fire), dotted lines the dates of the questions, with each protocol's probability of the question "
        "and its 95% interval as a marker. A question with terms lies below the curve: it counts only deals on those "
        "terms. A curve that is flat between talks means agreement is possible only at talks.",
    ),
    "beliefs": (
        "Beliefs over time",
        "One panel for nature's war lottery and one per party: the expected probability of each main end state of the "
        "war at the start of each period, the line the median over draws and the band the 10th to 90th percentile. "
        "Parties update on the battle signal of every period fought (a Dirichlet belief), so a party's lines move "
        "towards nature's as the war goes on; while they differ, a party that expects more from fighting than nature "
        "gives may refuse a package that nature's lottery would make acceptable (mutual optimism).",
    ),
    "positions": (
        "Stakeholder positions",
        "Each actor's position round by round under the expected-utility model; the thick line is the weighted median, "
        "the forecast outcome, the dashed line the weighted mean.",
    ),
    "frontier": (
        "Bargaining set of the median draw",
        "Every package's utilities in the draw with every uncertain parameter at its median, one panel per pair of "
        "parties. Light grey packages fail ratification, dark grey ones leave some party below its reservation value, "
        "blue ones every party accepts; green are Pareto-optimal among those (over all parties, so a green point may "
        "lie inside a two-party projection), and the green staircase is the frontier of the projection. The cross is "
        "the disagreement point, the dotted lines the reservation values; the star is the Nash bargaining solution, "
        "the diamond the Kalai-Smorodinsky solution.",
    ),
}
"""Figure file stem -> (title, how to read it)."""

STUDY_CAPTIONS: dict[str, str] = {
    "sweep": "Each panel is one output against the swept value, with its 95% band, one line per protocol. All points "
    "share the same draws (common random numbers), so a change between neighbouring points is due to the setting.",
    "sweep2": "One heat map per output and protocol: each cell is the output at that pair of values, written in the cell.",
    "comparison": "Each panel is one output: side-by-side bars for each variant, grouped by protocol, with 95% intervals, "
    "all on the same draws.",
    "sensitivity": "Sobol' indices per output: the wide bar is the total-order index (the share of the output's variance "
    "the input takes part in, alone or with others), the thin bar the first-order index (alone); error bars are "
    "bootstrap 95% intervals. Inputs are sorted by total-order index (Saltelli et al. 2008).",
    "discovery": "Left: PRIM's peeling trajectory, trading coverage (the share of the cases of interest inside the box) "
    "for density (the share of the box's draws that are cases); the chosen box, its pasting and the box reported are "
    "marked, and each further box found among the draws the earlier boxes leave. Right: each box's limits on each input "
    "it restricts, against the input's sampled range, with the quasi-p value of the restriction (a one-sided binomial "
    "test; small: the restriction matters) (Friedman & Fisher 1999; Bryant & Lempert 2010).",
}
"""Study kind -> how to read its figure."""


__all__ = ["RUN_FIGURES", "STUDY_CAPTIONS"]
