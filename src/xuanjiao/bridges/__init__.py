"""Bridges between the project's Markdown and the places material comes from and goes to:
Word documents from doctors (`word`), the WeChat official account's editor (`wechat`).

Library functions first (the workspace calls them with an uploaded file); the commands in
`bridges.cli` are thin skins over them.
"""
