"""Bridges between the project's Markdown and the places material comes from and goes to:
Word documents from doctors (`word`), the WeChat official account's editor (`wechat`).

Library functions first (the workspace calls them with an uploaded file); the commands
`xuanjiao import` and `xuanjiao wechat` (commands/import_docx.py, commands/wechat.py) are thin
skins over them. Like a stage, nothing here imports commands.
"""
