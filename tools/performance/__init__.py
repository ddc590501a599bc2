"""Performance: KPIs, periods, reports, winners, fatigue flags and charts over the workspace's ad data.

Public seam: `tools.performance.api.performance_report` and `find_winners`; KPI definitions in `kpis.py`.
"""
