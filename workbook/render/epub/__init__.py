"""epub"""
