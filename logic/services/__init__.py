"""What the app and the command line both do with the engine and the storage, written once.

- `checks.assess_and_record`: assess a reaction report in the user's language and store the check with
  the assessment that was shown;
- `planning.plan_for_client`: the planner's input from a client's record and history, and the plan.

Above the engine (logic.reaction, logic.planner) and the storage; below ui/, pages/ and the CLI.
Never imports Streamlit.
"""
